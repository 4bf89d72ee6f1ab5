import "server-only";
import { parseArgs } from "node:util";
import { z } from "zod";
import { getDb } from "@/db/client";
import { keyStatus, rotateMaster, rotateTenant } from "./rotation";

export const KEYS_USAGE = `Usage:
  keys status                                 show master and data key versions and row counts
  keys rotate-master                          re-wrap every data key under the active master key
  keys rotate-tenant --tenant <id> [--batch-size <n>]
                                              new data key for a tenant; re-encrypt its secrets`;

const optionsSchema = z.object({
  tenant: z.uuid().optional(),
  "batch-size": z.coerce.number().int().min(1).max(10_000).optional(),
});

function usage(problem: string): Error {
  return new Error(`${problem}\n${KEYS_USAGE}`);
}

/**
 * Runs `keys <command>` and returns a JSON-able result (names, versions and counts only,
 * never key material). Throws an Error carrying the usage text on bad arguments.
 */
export async function runKeysCommand(args: string[]): Promise<unknown> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { tenant: { type: "string" }, "batch-size": { type: "string" } },
    });
  } catch (err) {
    throw usage(err instanceof Error ? err.message : "Bad arguments");
  }
  const [command, ...extra] = parsed.positionals;
  if (extra.length) throw usage(`Unexpected argument: ${extra[0]}`);
  const options = optionsSchema.safeParse(parsed.values);
  if (!options.success) throw usage(`Bad option: ${options.error.issues.map((i) => i.path.join(".")).join(", ")}`);
  const { tenant, "batch-size": batchSize } = options.data;
  if (command !== "rotate-tenant" && (tenant || batchSize))
    throw usage(`--tenant and --batch-size only apply to rotate-tenant`);

  switch (command) {
    case "status":
      return keyStatus(await getDb());
    case "rotate-master":
      return rotateMaster(await getDb());
    case "rotate-tenant":
      if (!tenant) throw usage("rotate-tenant needs --tenant <id>");
      return rotateTenant(await getDb(), tenant, { batchSize });
    default:
      throw usage(command ? `Unknown command: ${command}` : "Missing command");
  }
}

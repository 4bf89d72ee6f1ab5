/**
 * Integration Center CLI: `npm run cli -- <command> [options] [--json]`.
 *   tenant create --name Acme --admin-email a@acme.test --admin-password '…'
 *   apikey create --tenant <id> [--name "CLI key"]
 *   keys status | keys rotate-master | keys rotate-tenant --tenant <id>
 *   user reset-password --email a@acme.test   (a lost login: new password, old sessions end)
 * Works on PGlite (default) and on Postgres (DATABASE_URL).
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { closeDb, getDb } from "@/db/client";
import { createApiKey } from "@/lib/auth/api-keys";
import { resetPassword } from "@/lib/auth/reset-password";
import { runKeysCommand } from "@/lib/crypto/cli";
import { isUuid } from "@/lib/ids";
import { createTenant } from "@/lib/tenants/create";
import { signupSchema } from "@/lib/tenants/schemas";

const USAGE = `usage: npm run cli -- tenant create --name NAME --admin-email EMAIL --admin-password PASSWORD [--json]
       npm run cli -- apikey create --tenant TENANT_ID [--name NAME] [--json]
       npm run cli -- keys status|rotate-master|rotate-tenant --tenant TENANT_ID [--json]
       npm run cli -- user reset-password --email EMAIL [--json]`;

async function run(argv: string[]): Promise<{ json: unknown; text: string }> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: "string" },
      "admin-email": { type: "string" },
      "admin-password": { type: "string" },
      tenant: { type: "string" },
      email: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const [group, action] = positionals;
  if (group === "tenant" && action === "create") {
    const input = signupSchema.parse({
      organization: values.name,
      email: values["admin-email"],
      password: values["admin-password"],
    });
    const db = await getDb();
    const { tenant, user } = await createTenant(db, {
      name: input.organization,
      adminEmail: input.email,
      adminPassword: input.password,
    });
    // audit: {} is the system actor: the operator's shell, not a member or key.
    const { key } = await createApiKey(db, { tenantId: tenant.id, name: "CLI key", audit: {} });
    return {
      json: { tenantId: tenant.id, apiKey: key, adminEmail: user.email },
      text: `tenant ${tenant.id}\nadmin   ${user.email}\nAPI key ${key}  (shown once)`,
    };
  }
  if (group === "apikey" && action === "create") {
    if (!isUuid(values.tenant)) throw new Error("--tenant must be a tenant id");
    const db = await getDb();
    const { key, apiKey } = await createApiKey(db, {
      tenantId: values.tenant,
      name: values.name ?? "CLI key",
      audit: {},
    });
    return { json: { id: apiKey.id, apiKey: key }, text: `API key ${key}  (shown once)` };
  }
  if (group === "user" && action === "reset-password") {
    const email = z.email("--email must be an email address").parse(values.email?.trim().toLowerCase());
    const reset = await resetPassword(await getDb(), email);
    if (!reset) throw new Error(`No user has the email ${email}`);
    return {
      json: { userId: reset.userId, email, password: reset.password },
      text: `New password for ${email}: ${reset.password}  (shown once; every earlier session has ended)`,
    };
  }
  if (group === "keys") {
    const result = await runKeysCommand(argv.filter((a) => a !== "keys" && a !== "--json"));
    return { json: result, text: JSON.stringify(result, null, 2) };
  }
  throw new Error(USAGE);
}

const json = process.argv.includes("--json");
run(process.argv.slice(2))
  .then(async (out) => {
    process.stdout.write((json ? JSON.stringify(out.json) : out.text) + "\n");
    await closeDb();
  })
  .catch(async (err: unknown) => {
    const message =
      err && typeof err === "object" && "issues" in err
        ? (err as { issues: { path: PropertyKey[]; message: string }[] }).issues
            .map((i) => `${i.path.join(".")}: ${i.message}`)
            .join("\n")
        : err instanceof Error
          ? err.message
          : String(err);
    process.stderr.write(message + "\n");
    await closeDb().catch(() => {});
    process.exit(1);
  });

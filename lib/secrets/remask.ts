import "server-only";
import { and, eq, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { secrets } from "@/db/schema";
import { catalogue } from "@/lib/components";
import { hint, isHint } from "./types/common";

// What `hint` returns, as a Postgres regular expression (four stars, then four characters).
const HINT_RE = "^[*]{4}.{4}$";

/** The masked view with every named field that is still in the clear turned into a hint. */
function remasked(masked: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> | null {
  const next = { ...masked };
  let changed = false;
  for (const name of fields) {
    const v = next[name];
    if (typeof v === "string" && !isHint(v)) {
      next[name] = hint(v);
      changed = true;
    }
  }
  return changed ? next : null;
}

/**
 * Re-masks stored rows whose component marks a field secret (catalogue `secretFields`)
 * that an older mask kept in the clear, such as Stripe's key as the Basic username.
 * `masked_value` already holds that plaintext, so the fix is computed from it with the
 * same `hint` rule, without decrypting anything. Runs at start-up after migrations, over
 * every tenant: the SQL picks only rows still in the clear, so later runs are one cheap
 * query, and a row written meanwhile is left alone (compare-and-set on the old mask).
 * Returns how many rows it changed.
 */
export async function rebuildMasks(db: Db): Promise<number> {
  const targets = catalogue.flatMap((entry) =>
    Object.entries(entry.secretFields).map(([type, fields]) => ({ componentId: entry.id, type, fields: fields ?? [] })),
  );
  if (targets.length === 0) return 0;
  const inClear = (field: string) =>
    sql`(jsonb_typeof(${secrets.maskedValue} -> ${field}) = 'string' and (${secrets.maskedValue} ->> ${field}) !~ ${HINT_RE})`;
  const rows = await db
    .select({
      id: secrets.id,
      tenantId: secrets.tenantId,
      componentId: secrets.componentId,
      type: secrets.type,
      maskedValue: secrets.maskedValue,
    })
    .from(secrets)
    .where(
      or(
        ...targets.map((t) =>
          and(eq(secrets.componentId, t.componentId), eq(secrets.type, t.type), or(...t.fields.map(inClear))),
        ),
      ),
    );

  const fieldsOf = new Map(targets.map((t) => [`${t.componentId}\n${t.type}`, t.fields]));
  let changed = 0;
  for (const row of rows) {
    const next = remasked(row.maskedValue, fieldsOf.get(`${row.componentId}\n${row.type}`) ?? []);
    if (!next) continue;
    const done = await db
      .update(secrets)
      // Not a change of the credential: keep updated_at as it was.
      .set({ maskedValue: next, updatedAt: sql`${secrets.updatedAt}` })
      .where(
        and(
          eq(secrets.id, row.id),
          eq(secrets.tenantId, row.tenantId),
          sql`${secrets.maskedValue} = ${JSON.stringify(row.maskedValue)}::jsonb`,
        ),
      )
      .returning({ id: secrets.id });
    changed += done.length;
  }
  return changed;
}

import { expect } from "vitest";
import { getDbHandle } from "@/db/client";

/** Raw SQL on the test database, rows with snake_case keys, the same on PGlite and PostgreSQL. */
export async function q<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await getDbHandle()).raw<T>(text, params);
}

/** The tenant's default workspace id. */
export async function workspaceId(tenantId: string, slug = "production"): Promise<string> {
  const [w] = await q<{ id: string }>("select id from workspaces where tenant_id = $1 and slug = $2", [tenantId, slug]);
  return w.id;
}

/** An end user made directly in the database. */
export async function endUser(tenantId: string, username: string): Promise<string> {
  const [u] = await q<{ id: string }>("insert into end_users (tenant_id, username) values ($1, $2) returning id", [
    tenantId,
    username,
  ]);
  return u.id;
}

/**
 * `n` secrets inserted by one SQL statement (so they share `created_at`, the transaction's
 * time): lists never decrypt, so a placeholder ciphertext is enough.
 */
export async function insertRows(
  tenantId: string,
  n: number,
  row: {
    workspaceId: string;
    endUserId?: string | null;
    componentId?: string | null;
    type?: string;
    status?: string;
    name?: string;
  },
): Promise<void> {
  await q(
    `insert into secrets (tenant_id, workspace_id, end_user_id, name, type, component_id, status, value_ciphertext, masked_value)
     select $1, $2, $3, $4 || '-' || g, $5, $6, $7, 'ic1.placeholder', '{}'::jsonb from generate_series(1, $8::int) g`,
    [
      tenantId,
      row.workspaceId,
      row.endUserId ?? null,
      row.name ?? "bulk",
      row.type ?? "NO_AUTH",
      row.componentId ?? null,
      row.status ?? "active",
      n,
    ],
  );
}

type Key = Record<string, string | number | null>;
const norm = (rows: Key[]) =>
  rows
    .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === "n" ? Number(v) : v]))))
    .sort();

/**
 * The tenant's counter rows (non-zero) next to count(*) of its secrets per the same key, for
 * both counter tables. Equal lists mean no drift.
 */
export async function counters(tenantId: string) {
  const tenantKey = "workspace_id, component_id, type, status";
  const userKey = "end_user_id, workspace_id, component_id, type, status";
  const [stored, actual, storedUser, actualUser] = await Promise.all([
    q<Key>(`select ${tenantKey}, n from secret_counts where tenant_id = $1 and n <> 0`, [tenantId]),
    q<Key>(
      `select workspace_id, coalesce(component_id, '') component_id, type, status, count(*) n
       from secrets where tenant_id = $1 group by 1, 2, 3, 4`,
      [tenantId],
    ),
    q<Key>(`select ${userKey}, n from secret_user_counts where tenant_id = $1 and n <> 0`, [tenantId]),
    q<Key>(
      `select end_user_id, workspace_id, coalesce(component_id, '') component_id, type, status, count(*) n
       from secrets where tenant_id = $1 and end_user_id is not null group by 1, 2, 3, 4, 5`,
      [tenantId],
    ),
  ]);
  return {
    tenant: { stored: norm(stored), actual: norm(actual) },
    user: { stored: norm(storedUser), actual: norm(actualUser) },
  };
}

/** Fails unless both counter tables equal count(*) per key for the tenant. */
export async function expectNoDrift(tenantId: string) {
  const c = await counters(tenantId);
  expect(c.tenant.stored, "secret_counts").toEqual(c.tenant.actual);
  expect(c.user.stored, "secret_user_counts").toEqual(c.user.actual);
}

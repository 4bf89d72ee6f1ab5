/**
 * Fills one tenant with many realistic secrets in bulk, for the list benchmark and the query
 * plans at scale (docs/architecture.md › Lists at scale). Not a test helper; CI never runs it.
 *
 *   DATABASE_URL=postgres://… tsx --conditions=react-server scripts/fill-million.ts [rows=1000000]
 *
 * Everything is plain SQL with generate_series, one statement per table (the secrets in two
 * halves on two connections), so a million secrets take one to two minutes here: a tenant with `production` and `staging`, 500 end users, one auth client
 * per OAuth component, and secrets spread over 85 catalogue components with each component's
 * own credential type, mostly active with some failing and expired, OAuth tokens expiring
 * within the hour, one created per second of the past. Values are placeholders shaped like the
 * envelope (`ic1.1.…`): lists never decrypt. Prints the tenant id and an API key for it.
 */
import { createHash, randomBytes } from "node:crypto";
import postgres from "postgres";
import { catalogue } from "@/lib/components";

export const FILL_END_USERS = 500;
export const FILL_COMPONENTS = 85;

export type Filled = {
  tenantId: string;
  apiKey: string;
  /** An end user with its share of the rows, for end-user scoped queries. */
  endUserId: string;
  username: string;
  /** A component with rows of every status, for the component + status filter. */
  componentId: string;
  rows: number;
};

/** 85 catalogue components, each with the credential type its rows get (OAuth where it has it). */
export function fillComponents(): { id: string; type: string; oauth: boolean }[] {
  return catalogue.slice(0, FILL_COMPONENTS).map((c) => {
    const oauth = !!c.oauth && c.authTypes.includes("OA2_AUTHORIZATION_CODE");
    return { id: c.id, type: oauth ? "OA2_AUTHORIZATION_CODE" : c.authTypes[0], oauth };
  });
}

/**
 * A new tenant with `rows` secrets, written through `sql` (an open postgres.js client with at
 * least two connections, on a migrated database, as a superuser: the bulk insert runs with
 * `session_replication_role = replica`). Its counters are exact when it returns.
 */
export async function fillTenant(sql: postgres.Sql, rows: number, name = `Fill ${rows}`): Promise<Filled> {
  const components = fillComponents();
  const apiKey = `ick_${randomBytes(32).toString("base64url")}`;
  const settings = { embedOrigins: [], returnUrlOrigins: [], branding: {}, userTokenTtl: 3600 };
  const [tenant] = await sql<{ id: string }[]>`insert into tenants (name, settings)
    values (${name}, ${sql.json(settings)}) returning id`;
  const tenantId = tenant.id;
  await sql`insert into api_keys (tenant_id, name, prefix, hash)
    values (${tenantId}, 'fill', ${apiKey.slice(0, 10)}, ${createHash("sha256").update(apiKey).digest("hex")})`;
  const [prod] = await sql<{ id: string }[]>`insert into workspaces (tenant_id, slug, name)
    values (${tenantId}, 'production', 'Production') returning id`;
  const [staging] = await sql<{ id: string }[]>`insert into workspaces (tenant_id, slug, name)
    values (${tenantId}, 'staging', 'Staging') returning id`;
  const users = await sql<{ id: string; username: string }[]>`insert into end_users (tenant_id, username)
    select ${tenantId}, 'customer-' || lpad(g::text, 4, '0') from generate_series(1, ${FILL_END_USERS}::int) g
    returning id, username`;
  const oauth = components.filter((c) => c.oauth);
  const clients = await sql<{ id: string; component_id: string }[]>`insert into auth_clients
      (tenant_id, name, type, component_id, client_id, client_secret_ciphertext, client_secret_hint)
    select ${tenantId}, c || ' app', 'OA2_AUTHORIZATION_CODE', c, 'client-' || c, 'ic1.1.placeholder', '****abcd'
    from unnest(${oauth.map((c) => c.id)}::text[]) c returning id, component_id`;
  const clientOf = new Map(clients.map((c) => [c.component_id, c.id]));

  // Ids (version 4 in form, as the app's) and external ids ascend with g, so each index is
  // written near its end rather than at random pages: the fill waits less on page reads.
  // Row g: component g*7 mod 85 (so neighbours differ), end user g mod 500 (every 20th row
  // belongs to the workspace), staging every 10th; 2 % expired, 3 % failing, 11 % never
  // verified; OAuth rows expire within the hour, every 97th other row within 60 days.
  const chunk = (
    tx: postgres.TransactionSql,
    lo: number,
    hi: number,
  ) => tx`insert into secrets (id, tenant_id, workspace_id, end_user_id, name, type, component_id, status,
      status_detail, value_ciphertext, masked_value, expires, last_verified_at, auth_client_id, external_id,
      scope, created_at, updated_at, next_verify_at, refreshed_at)
    select (lpad(to_hex(g), 12, '0') || '4' || substr(md5(${tenantId} || g), 1, 3) || '8'
        || substr(md5(${tenantId} || g), 4, 15))::uuid,
      ${tenantId},
      case when g % 10 = 0 then ${staging.id}::uuid else ${prod.id}::uuid end,
      case when g % 20 = 0 then null else (${users.map((u) => u.id)}::uuid[])[1 + g % ${FILL_END_USERS}::int] end,
      c.id || ' ' || g,
      c.type,
      c.id,
      case when g % 50 = 0 then 'expired' when g % 33 = 0 then 'error' else 'active' end,
      case when g % 50 = 0 then 'The provider refused the refresh token'
           when g % 33 = 0 then 'The provider answered 503' end,
      'ic1.1.' || encode(sha256(g::text::bytea), 'base64') || '.' || md5(g::text) || '.' || left(md5(c.id || g), 22),
      case when c.oauth then jsonb_build_object('authClientId', c.client, 'scope', 'read write',
             'accessToken', '****' || right(md5(g::text), 4), 'externalId', 'acct-' || lpad(g::text, 8, '0'))
           else jsonb_build_object('token', '****' || right(md5(g::text), 4)) end,
      case when c.oauth then now() + (g % 3600) * interval '1 second'
           when g % 97 = 0 then now() + (g % 60) * interval '1 day' end,
      case when g % 9 = 0 then null else now() - (g % 86400) * interval '1 second' end,
      c.client,
      case when c.oauth then 'acct-' || lpad(g::text, 8, '0') end,
      case when c.oauth then 'read write' end,
      now() - (${rows}::int - g) * interval '1 second',
      now() - (${rows}::int - g) * interval '1 second',
      now() + (g % 86400) * interval '1 second',
      now()
    from generate_series(${lo}::int, ${hi}::int) g
    join (select row_number() over () - 1 as i, id, type, oauth, client
          from unnest(${components.map((c) => c.id)}::text[], ${components.map((c) => c.type)}::text[],
                      ${components.map((c) => String(c.oauth))}::text[]::boolean[],
                      ${components.map((c) => clientOf.get(c.id) ?? null)}::uuid[]) as u(id, type, oauth, client)) c
      on c.i = (g * 7) % ${FILL_COMPONENTS}::int`;
  // Foreign-key checks and the counter triggers are off for the bulk insert (every id it refers to was
  // inserted just above), as pg_restore does; the counters are then added from the rows by the
  // grouped statement the migration's backfill uses (drizzle/0011). Two connections, two cores.
  const parts = 2;
  const size = Math.ceil(rows / parts);
  await Promise.all(
    Array.from({ length: parts }, (_, i) =>
      sql.begin(async (tx) => {
        await tx`set local session_replication_role = replica`;
        await chunk(tx, i * size + 1, Math.min(rows, (i + 1) * size));
      }),
    ),
  );
  await sql`insert into secret_counts (tenant_id, workspace_id, component_id, type, status, n)
    select tenant_id, workspace_id, coalesce(component_id, ''), type, status, count(*)
    from secrets where tenant_id = ${tenantId} group by 1, 2, 3, 4, 5`;
  await sql`insert into secret_user_counts (tenant_id, end_user_id, workspace_id, component_id, type, status, n)
    select tenant_id, end_user_id, workspace_id, coalesce(component_id, ''), type, status, count(*)
    from secrets where tenant_id = ${tenantId} and end_user_id is not null group by 1, 2, 3, 4, 5, 6`;
  // Fresh statistics and a visibility map, as autovacuum would leave them: index-only scans need it.
  await sql`vacuum analyze secrets`;
  await sql`analyze secret_counts`;
  await sql`analyze secret_user_counts`;
  return {
    tenantId,
    apiKey,
    endUserId: users[1].id,
    username: users[1].username,
    componentId: components[7].id,
    rows,
  };
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith("postgres")) throw new Error("Set DATABASE_URL to a migrated PostgreSQL database");
  const rows = Number(process.argv[2] ?? 1_000_000);
  const sql = postgres(url, { onnotice: () => {}, max: 2 });
  const started = performance.now();
  try {
    const f = await fillTenant(sql, rows);
    process.stdout.write(
      `${rows} secrets in ${((performance.now() - started) / 1000).toFixed(1)} s\n` +
        `tenant ${f.tenantId}\napi key ${f.apiKey}\nend user ${f.username} (${f.endUserId})\ncomponent ${f.componentId}\n`,
    );
  } finally {
    await sql.end();
  }
}

if (process.argv[1]?.endsWith("fill-million.ts")) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

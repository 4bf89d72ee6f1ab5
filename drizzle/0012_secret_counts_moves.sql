-- Moves once per statement too (was per row, drizzle/0011): a per-row trigger locks the counter
-- rows of each moved row in turn, so two multi-row updates moving rows between the same keys in
-- opposite directions could deadlock. Now every writer takes its counter rows at the end of
-- its statement in one global order: secret_counts by key, then secret_user_counts by key.
DROP TRIGGER IF EXISTS "secret_counts_move" ON "secrets";--> statement-breakpoint
DROP FUNCTION IF EXISTS "secret_counts_move"();--> statement-breakpoint
CREATE OR REPLACE FUNCTION "secret_counts_update"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d record;
BEGIN
  -- A row whose key did not change adds -1 and +1 to the same key: only moves are left.
  FOR d IN SELECT t, w, c, ty, s, sum(n)::bigint n FROM (
      SELECT "tenant_id" t, "workspace_id" w, coalesce("component_id", '') c, "type" ty, "status" s, -1 n FROM old_rows
      UNION ALL
      SELECT "tenant_id", "workspace_id", coalesce("component_id", ''), "type", "status", 1 FROM new_rows
    ) k GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4, 5 LOOP
    PERFORM "secret_counts_add"(d.t, d.w, d.c, d.ty, d.s, d.n);
  END LOOP;
  FOR d IN SELECT t, u, w, c, ty, s, sum(n)::bigint n FROM (
      SELECT "tenant_id" t, "end_user_id" u, "workspace_id" w, coalesce("component_id", '') c, "type" ty, "status" s, -1 n
        FROM old_rows WHERE "end_user_id" IS NOT NULL
      UNION ALL
      SELECT "tenant_id", "end_user_id", "workspace_id", coalesce("component_id", ''), "type", "status", 1
        FROM new_rows WHERE "end_user_id" IS NOT NULL
    ) k GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4, 5, 6 LOOP
    PERFORM "secret_user_counts_add"(d.t, d.u, d.w, d.c, d.ty, d.s, d.n);
  END LOOP;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "secret_counts_update" AFTER UPDATE ON "secrets"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "secret_counts_update"();

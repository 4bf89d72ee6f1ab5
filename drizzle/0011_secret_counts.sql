CREATE TABLE "secret_counts" (
	"tenant_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"component_id" text NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "secret_counts_tenant_id_workspace_id_component_id_type_status_pk" PRIMARY KEY("tenant_id","workspace_id","component_id","type","status")
);
--> statement-breakpoint
CREATE TABLE "secret_user_counts" (
	"tenant_id" uuid NOT NULL,
	"end_user_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"component_id" text NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "secret_user_counts_tenant_id_end_user_id_workspace_id_component_id_type_status_pk" PRIMARY KEY("tenant_id","end_user_id","workspace_id","component_id","type","status")
);
--> statement-breakpoint
ALTER TABLE "secret_counts" ADD CONSTRAINT "secret_counts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secret_counts" ADD CONSTRAINT "secret_counts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secret_user_counts" ADD CONSTRAINT "secret_user_counts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secret_user_counts" ADD CONSTRAINT "secret_user_counts_end_user_id_end_users_id_fk" FOREIGN KEY ("end_user_id") REFERENCES "public"."end_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secret_user_counts" ADD CONSTRAINT "secret_user_counts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Exact counts (docs/architecture.md › Lists at scale): triggers keep secret_counts and
-- secret_user_counts in step with secrets in the writing statement's own transaction. Every
-- writer locks counter rows in one order (tenant-wide before per-user, each by key), so two
-- writers never wait for each other in a cycle.
CREATE OR REPLACE FUNCTION "secret_counts_add"(p_tenant uuid, p_workspace uuid, p_component text, p_type text, p_status text, p_n bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_n > 0 THEN
    INSERT INTO "secret_counts" AS c ("tenant_id", "workspace_id", "component_id", "type", "status", "n")
      VALUES (p_tenant, p_workspace, p_component, p_type, p_status, p_n)
      ON CONFLICT ("tenant_id", "workspace_id", "component_id", "type", "status") DO UPDATE SET "n" = c."n" + excluded."n";
  ELSIF p_n < 0 THEN
    -- An update, never an insert: inside a tenant's or workspace's cascade the row may be gone already.
    UPDATE "secret_counts" SET "n" = "n" + p_n
      WHERE "tenant_id" = p_tenant AND "workspace_id" = p_workspace AND "component_id" = p_component
        AND "type" = p_type AND "status" = p_status;
  END IF;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "secret_user_counts_add"(p_tenant uuid, p_end_user uuid, p_workspace uuid, p_component text, p_type text, p_status text, p_n bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_end_user IS NULL THEN
    RETURN;
  ELSIF p_n > 0 THEN
    INSERT INTO "secret_user_counts" AS c ("tenant_id", "end_user_id", "workspace_id", "component_id", "type", "status", "n")
      VALUES (p_tenant, p_end_user, p_workspace, p_component, p_type, p_status, p_n)
      ON CONFLICT ("tenant_id", "end_user_id", "workspace_id", "component_id", "type", "status") DO UPDATE SET "n" = c."n" + excluded."n";
  ELSIF p_n < 0 THEN
    UPDATE "secret_user_counts" SET "n" = "n" + p_n
      WHERE "tenant_id" = p_tenant AND "end_user_id" = p_end_user AND "workspace_id" = p_workspace
        AND "component_id" = p_component AND "type" = p_type AND "status" = p_status;
  END IF;
END $$;--> statement-breakpoint
-- Inserts: once per statement, grouped, so a bulk insert adds each key once.
CREATE OR REPLACE FUNCTION "secret_counts_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "secret_counts" AS c ("tenant_id", "workspace_id", "component_id", "type", "status", "n")
    SELECT "tenant_id", "workspace_id", coalesce("component_id", ''), "type", "status", count(*)
      FROM new_rows GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ("tenant_id", "workspace_id", "component_id", "type", "status") DO UPDATE SET "n" = c."n" + excluded."n";
  INSERT INTO "secret_user_counts" AS c ("tenant_id", "end_user_id", "workspace_id", "component_id", "type", "status", "n")
    SELECT "tenant_id", "end_user_id", "workspace_id", coalesce("component_id", ''), "type", "status", count(*)
      FROM new_rows WHERE "end_user_id" IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("tenant_id", "end_user_id", "workspace_id", "component_id", "type", "status") DO UPDATE SET "n" = c."n" + excluded."n";
  RETURN NULL;
END $$;--> statement-breakpoint
-- Deletes (also an end user's, workspace's or tenant's cascade): once per statement, in key order.
CREATE OR REPLACE FUNCTION "secret_counts_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d record;
BEGIN
  FOR d IN SELECT "tenant_id" t, "workspace_id" w, coalesce("component_id", '') c, "type" ty, "status" s, count(*) n
      FROM old_rows GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5 LOOP
    PERFORM "secret_counts_add"(d.t, d.w, d.c, d.ty, d.s, -d.n);
  END LOOP;
  FOR d IN SELECT "tenant_id" t, "end_user_id" u, "workspace_id" w, coalesce("component_id", '') c, "type" ty, "status" s, count(*) n
      FROM old_rows WHERE "end_user_id" IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6 LOOP
    PERFORM "secret_user_counts_add"(d.t, d.u, d.w, d.c, d.ty, d.s, -d.n);
  END LOOP;
  RETURN NULL;
END $$;--> statement-breakpoint
-- Moves (a status, workspace, owner, component or type change): per row, and only for rows
-- whose key changed (the trigger's WHEN), so the read path's last_used_at writes pay nothing.
CREATE OR REPLACE FUNCTION "secret_counts_move"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  o_c text := coalesce(OLD."component_id", '');
  n_c text := coalesce(NEW."component_id", '');
BEGIN
  IF (OLD."tenant_id", OLD."workspace_id", o_c, OLD."type", OLD."status")
      < (NEW."tenant_id", NEW."workspace_id", n_c, NEW."type", NEW."status") THEN
    PERFORM "secret_counts_add"(OLD."tenant_id", OLD."workspace_id", o_c, OLD."type", OLD."status", -1);
    PERFORM "secret_counts_add"(NEW."tenant_id", NEW."workspace_id", n_c, NEW."type", NEW."status", 1);
  ELSE
    PERFORM "secret_counts_add"(NEW."tenant_id", NEW."workspace_id", n_c, NEW."type", NEW."status", 1);
    PERFORM "secret_counts_add"(OLD."tenant_id", OLD."workspace_id", o_c, OLD."type", OLD."status", -1);
  END IF;
  IF (OLD."tenant_id", coalesce(OLD."end_user_id"::text, ''), OLD."workspace_id", o_c, OLD."type", OLD."status")
      < (NEW."tenant_id", coalesce(NEW."end_user_id"::text, ''), NEW."workspace_id", n_c, NEW."type", NEW."status") THEN
    PERFORM "secret_user_counts_add"(OLD."tenant_id", OLD."end_user_id", OLD."workspace_id", o_c, OLD."type", OLD."status", -1);
    PERFORM "secret_user_counts_add"(NEW."tenant_id", NEW."end_user_id", NEW."workspace_id", n_c, NEW."type", NEW."status", 1);
  ELSE
    PERFORM "secret_user_counts_add"(NEW."tenant_id", NEW."end_user_id", NEW."workspace_id", n_c, NEW."type", NEW."status", 1);
    PERFORM "secret_user_counts_add"(OLD."tenant_id", OLD."end_user_id", OLD."workspace_id", o_c, OLD."type", OLD."status", -1);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "secret_counts_insert" AFTER INSERT ON "secrets"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "secret_counts_insert"();--> statement-breakpoint
CREATE TRIGGER "secret_counts_delete" AFTER DELETE ON "secrets"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "secret_counts_delete"();--> statement-breakpoint
CREATE TRIGGER "secret_counts_move" AFTER UPDATE ON "secrets" FOR EACH ROW
  WHEN (OLD."tenant_id" IS DISTINCT FROM NEW."tenant_id" OR OLD."workspace_id" IS DISTINCT FROM NEW."workspace_id"
    OR OLD."end_user_id" IS DISTINCT FROM NEW."end_user_id" OR OLD."component_id" IS DISTINCT FROM NEW."component_id"
    OR OLD."type" IS DISTINCT FROM NEW."type" OR OLD."status" IS DISTINCT FROM NEW."status")
  EXECUTE FUNCTION "secret_counts_move"();--> statement-breakpoint
-- The rows stored before this migration, counted once while writers wait (the lock ends with
-- the migration's transaction), so the counters start exact.
LOCK TABLE "secrets" IN SHARE ROW EXCLUSIVE MODE;--> statement-breakpoint
INSERT INTO "secret_counts" ("tenant_id", "workspace_id", "component_id", "type", "status", "n")
  SELECT "tenant_id", "workspace_id", coalesce("component_id", ''), "type", "status", count(*)
  FROM "secrets" GROUP BY 1, 2, 3, 4, 5;--> statement-breakpoint
INSERT INTO "secret_user_counts" ("tenant_id", "end_user_id", "workspace_id", "component_id", "type", "status", "n")
  SELECT "tenant_id", "end_user_id", "workspace_id", coalesce("component_id", ''), "type", "status", count(*)
  FROM "secrets" WHERE "end_user_id" IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6;

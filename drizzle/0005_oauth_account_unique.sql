-- Duplicates made before this index existed (two re-connects racing) would stop it from being
-- built: every secret keeps its tokens, but all except the oldest per account lose their account
-- link (external_id), so only the oldest is matched on the next re-connect.
UPDATE "secrets" SET "external_id" = NULL WHERE "id" IN (
	SELECT "id" FROM (
		SELECT "id", row_number() OVER (
			PARTITION BY "tenant_id", "auth_client_id", "external_id", "workspace_id", "end_user_id"
			ORDER BY "created_at", "id"
		) AS "n"
		FROM "secrets"
		WHERE "auth_client_id" IS NOT NULL AND "external_id" IS NOT NULL
	) AS "ranked" WHERE "n" > 1
);--> statement-breakpoint
CREATE UNIQUE INDEX "secrets_oauth_account_user" ON "secrets" USING btree ("tenant_id","auth_client_id","external_id","workspace_id","end_user_id") WHERE auth_client_id is not null and external_id is not null and end_user_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "secrets_oauth_account_workspace" ON "secrets" USING btree ("tenant_id","auth_client_id","external_id","workspace_id") WHERE auth_client_id is not null and external_id is not null and end_user_id is null;
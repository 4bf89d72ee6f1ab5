CREATE TABLE "auth_clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"component_id" text,
	"client_id" text NOT NULL,
	"client_secret_ciphertext" text,
	"client_secret_hint" text,
	"endpoints" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"scopes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"scope_separator" text DEFAULT ' ' NOT NULL,
	"token_endpoint_auth_method" text DEFAULT 'client_secret_basic' NOT NULL,
	"pkce" boolean DEFAULT true NOT NULL,
	"auth_params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"refresh_with_scope" boolean DEFAULT false NOT NULL,
	"refresh_buffer_seconds" integer DEFAULT 300 NOT NULL,
	"issuer" text,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oauth_flows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"auth_client_id" uuid NOT NULL,
	"state_hash" text NOT NULL,
	"code_verifier_ciphertext" text,
	"nonce" text,
	"pinned" jsonb NOT NULL,
	"expected_issuer" text,
	"end_user_id" uuid,
	"workspace_id" uuid NOT NULL,
	"started_by" jsonb NOT NULL,
	"component_id" text,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"secret_name" text,
	"secret_id" uuid,
	"success_url" text,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "secrets" ADD COLUMN "auth_client_id" uuid;--> statement-breakpoint
ALTER TABLE "secrets" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "secrets" ADD COLUMN "refresh_retry_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "auth_clients" ADD CONSTRAINT "auth_clients_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_flows" ADD CONSTRAINT "oauth_flows_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_flows" ADD CONSTRAINT "oauth_flows_auth_client_id_auth_clients_id_fk" FOREIGN KEY ("auth_client_id") REFERENCES "public"."auth_clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_flows" ADD CONSTRAINT "oauth_flows_end_user_id_end_users_id_fk" FOREIGN KEY ("end_user_id") REFERENCES "public"."end_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_flows" ADD CONSTRAINT "oauth_flows_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auth_clients_tenant" ON "auth_clients" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "oauth_flows_state_hash" ON "oauth_flows" USING btree ("state_hash");--> statement-breakpoint
CREATE INDEX "oauth_flows_expires" ON "oauth_flows" USING btree ("expires_at");--> statement-breakpoint
ALTER TABLE "secrets" ADD CONSTRAINT "secrets_auth_client_id_auth_clients_id_fk" FOREIGN KEY ("auth_client_id") REFERENCES "public"."auth_clients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "secrets_auth_client_external" ON "secrets" USING btree ("auth_client_id","external_id");
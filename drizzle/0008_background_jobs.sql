CREATE TABLE "pending_revocations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"secret_id" uuid NOT NULL,
	"auth_client_id" uuid,
	"component_id" text,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tokens_ciphertext" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"give_up_at" timestamp with time zone NOT NULL,
	"last_class" text,
	"last_status" integer,
	"claimed_by" text,
	"claimed_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "secrets" ADD COLUMN "next_verify_at" timestamp with time zone DEFAULT now() + (0.9 + random() * 0.2) * interval '1 day';--> statement-breakpoint
ALTER TABLE "secrets" ADD COLUMN "verify_claimed_by" text;--> statement-breakpoint
ALTER TABLE "secrets" ADD COLUMN "verify_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "secrets" ADD COLUMN "failing_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "secrets" ADD COLUMN "refreshed_at" timestamp with time zone DEFAULT now();--> statement-breakpoint
ALTER TABLE "secrets" ADD COLUMN "refresh_claimed_by" text;--> statement-breakpoint
ALTER TABLE "secrets" ADD COLUMN "refresh_claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "secrets" ADD COLUMN "expiring_notified_for" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "pending_revocations" ADD CONSTRAINT "pending_revocations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_revocations" ADD CONSTRAINT "pending_revocations_auth_client_id_auth_clients_id_fk" FOREIGN KEY ("auth_client_id") REFERENCES "public"."auth_clients"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pending_revocations_next_attempt" ON "pending_revocations" USING btree ("next_attempt_at");--> statement-breakpoint
CREATE INDEX "pending_revocations_tenant" ON "pending_revocations" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "secrets_next_verify" ON "secrets" USING btree ("next_verify_at");--> statement-breakpoint
CREATE INDEX "secrets_expires" ON "secrets" USING btree ("expires") WHERE expires is not null;--> statement-breakpoint
CREATE INDEX "secrets_refreshed_at" ON "secrets" USING btree ("refreshed_at") WHERE auth_client_id is not null;--> statement-breakpoint
-- Hand-written below (drizzle-kit does not generate these). Existing rows: re-checks spread
-- evenly over the next day, tokens dated by their last edit, failing rows failing since then.
UPDATE "secrets" SET "next_verify_at" = now() + random() * interval '1 day', "refreshed_at" = "updated_at",
  "failing_since" = CASE WHEN "status" = 'error' THEN "updated_at" END;--> statement-breakpoint
-- failing_since follows the status whoever writes it (a re-check, a failed refresh, a PATCH):
-- set when the status turns error (kept if a transient failure already set it), cleared when
-- it turns anything else.
CREATE OR REPLACE FUNCTION "secrets_failing_since"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'error' THEN
    NEW.failing_since := coalesce(NEW.failing_since, now());
  ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
    NEW.failing_since := NULL;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "secrets_failing_since" BEFORE UPDATE OF "status" ON "secrets"
  FOR EACH ROW EXECUTE FUNCTION "secrets_failing_since"();

ALTER TABLE "secrets" ADD COLUMN "exportable" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "secrets" ADD COLUMN "publish_jwks" boolean DEFAULT false NOT NULL;
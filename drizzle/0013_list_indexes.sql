DROP INDEX "secrets_tenant_created";--> statement-breakpoint
DROP INDEX "secrets_tenant_end_user";--> statement-breakpoint
DROP INDEX "secrets_tenant_component_created";--> statement-breakpoint
CREATE INDEX "secrets_tenant_name" ON "secrets" USING btree ("tenant_id","name","created_at","id");--> statement-breakpoint
CREATE INDEX "secrets_tenant_flagged" ON "secrets" USING btree ("tenant_id","created_at","id") WHERE status in ('expired', 'error');--> statement-breakpoint
CREATE INDEX "secrets_tenant_expiring" ON "secrets" USING btree ("tenant_id","expires") WHERE expires is not null and (not (type in ('OA2_AUTHORIZATION_CODE', 'OA2_CLIENT_CREDENTIALS', 'SESSION_AUTH') and auth_client_id is not null) or expiring_notified_for = expires);--> statement-breakpoint
CREATE INDEX "secrets_tenant_unverified" ON "secrets" USING btree ("tenant_id","created_at","id") WHERE last_verified_at is null;--> statement-breakpoint
CREATE INDEX "secrets_tenant_created" ON "secrets" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "secrets_tenant_end_user" ON "secrets" USING btree ("tenant_id","end_user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "secrets_tenant_component_created" ON "secrets" USING btree ("tenant_id","component_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);
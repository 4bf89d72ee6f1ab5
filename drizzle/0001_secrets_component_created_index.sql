DROP INDEX "secrets_tenant_component";--> statement-breakpoint
CREATE INDEX "secrets_tenant_component_created" ON "secrets" USING btree ("tenant_id","component_id","created_at");
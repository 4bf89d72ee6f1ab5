/*
 * A secret's statuses (docs/architecture.md › Data model), in a module with no database
 * imports: the drizzle schema, the API's query schemas and the dashboard's filters (client
 * code) all read them from here.
 */

/** `active`; `expired`: needs re-authorisation; `error`: a transient failure, with detail. */
export const secretStatuses = ["active", "expired", "error"] as const;
export type SecretStatus = (typeof secretStatuses)[number];

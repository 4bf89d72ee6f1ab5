export * from "./tenancy";
export * from "./crypto";
export * from "./oauth";
export * from "./secrets";
export * from "./audit";
export * from "./rate-limits";
export * from "./connect-sessions";
export * from "./webhooks";

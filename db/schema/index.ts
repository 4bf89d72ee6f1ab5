export * from "./tenancy";
export * from "./crypto";
export * from "./secrets";
export * from "./audit";
export * from "./rate-limits";

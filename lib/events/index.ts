import "server-only";

/*
 * Connection events for the tenant's backend (docs/architecture.md › Webhooks).
 * `emitConnectionEvent(tx, {type, tenantId, secretId, componentId?, username?, workspace?, status?, reason?})`
 * writes the event's webhook deliveries in the caller's transaction; see ./emit.ts.
 */
export { emitConnectionEvent, emitConnectionEvents, type ConnectionEvent } from "./emit";
export {
  connectionEventTypes,
  type ConnectionEventBody,
  type ConnectionEventData,
  type ConnectionEventType,
} from "./types";

// Helpers the engines share: how to reach exactly the address the parent checked.
import { connect } from "node:net";

/**
 * A TCP socket to the checked IP. `host` keeps the name on the socket object because
 * some drivers (postgres.js) read it for TLS SNI.
 */
export function dial(pin) {
  return Object.assign(connect({ host: pin.address, port: pin.port }), { host: pin.hostname });
}

/** The one pin of a single-host engine (the parent sends exactly one). */
export function onlyPin(pins) {
  if (!Array.isArray(pins) || pins.length !== 1)
    throw Object.assign(new Error("one pin expected"), { code: "CHECK_PINS" });
  return pins[0];
}

/** Rejects after `ms` with a timeout code, for libraries without their own deadline. */
export function deadline(ms) {
  let timer;
  const promise = new Promise((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("deadline"), { code: "ETIMEDOUT" })), ms);
  });
  return { promise, clear: () => clearTimeout(timer) };
}

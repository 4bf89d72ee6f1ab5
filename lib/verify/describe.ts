/** Machine codes whose words say more than their class (native connector checks). */
const CODE_WORDS: Readonly<Record<string, string>> = {
  HOST_KEY_MISMATCH: "The server's host key does not match the fingerprint given",
  HOST_NOT_PINNED: "The server named another host to connect to (a broker or replica-set member) that was not checked",
  FTP_TLS_REFUSED: "The FTP server does not offer TLS (AUTH TLS)",
  SSH_KEY_INVALID: "The private key could not be read (a wrong passphrase, or not a key)",
};

/** Plain words for a dry-run class, for API messages and the UI. Never includes a body. */
export function describeVerification(r: { class: string; status?: number; code?: string }): string {
  if (r.code && Object.hasOwn(CODE_WORDS, r.code)) return CODE_WORDS[r.code];
  const status = r.status ? ` (${r.status})` : "";
  switch (r.class) {
    case "ok":
      return `The credentials work${status}`;
    case "auth_failed":
      return `The API rejected these credentials${status}`;
    case "forbidden":
      return `The credentials are valid but lack permission${status}`;
    case "not_found":
      return `The API or database was not found${status}; check the address`;
    case "rate_limited":
      return `The API is rate limiting requests${status}; try again shortly`;
    case "server_error":
      return `The API answered with an error${status}; try again later`;
    case "timeout":
      return "The API did not answer in time";
    case "network":
      return "Could not connect to the API or database";
    case "blocked":
      return "That address is not allowed (private or internal network)";
    default:
      return `Verification failed${status}`;
  }
}

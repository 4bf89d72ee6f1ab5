import type { ComponentEntryInput } from "../schema";

/*
 * File servers (SFTP, FTP), MongoDB and Kafka: native connector types, each checked with
 * its protocol's own client in the isolated check process (lib/verify/native). Logos come
 * from lib/components/logos.ts, not from here.
 */
export const filesAndStreamsComponents: ComponentEntryInput[] = [
  {
    id: "sftp",
    name: "SFTP",
    category: "File transfer",
    description: "A file server over SSH: a password or a private key, and optionally the host key to expect.",
    // OpenBSD's manual page for the OpenSSH client (not confirmed through search).
    docsUrl: "https://man.openbsd.org/sftp",
    authTypes: ["SFTP"],
    dryRun: { kind: "native" },
  },
  {
    id: "ftp",
    name: "FTP",
    category: "File transfer",
    description: "A file server over FTP, with explicit (AUTH TLS) or implicit TLS, or none.",
    // The protocol itself (RFC 959); FTP over TLS is RFC 4217 (not confirmed through search).
    docsUrl: "https://datatracker.ietf.org/doc/html/rfc959",
    authTypes: ["FTP"],
    dryRun: { kind: "native" },
  },
];

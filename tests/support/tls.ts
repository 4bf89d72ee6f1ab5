import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A throwaway self-signed certificate for the name `localhost` only (no IP SAN), valid a day,
 * minted with the openssl CLI (Debian package openssl) into its own temporary directory.
 * `certPath` can go to NODE_EXTRA_CA_CERTS to trust it; `remove()` deletes the directory.
 */
export function localhostCertificate() {
  return certificateFor("localhost");
}

/** The same for another DNS name only (a certificate that does not name the host a check dials). */
export function certificateFor(name: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "ic-test-tls-"));
  const keyPath = path.join(dir, "key.pem");
  const certPath = path.join(dir, "cert.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", `/CN=${name}`].concat([
      "-addext",
      `subjectAltName=DNS:${name}`,
      "-keyout",
      keyPath,
      "-out",
      certPath,
    ]),
    { stdio: "ignore" },
  );
  return {
    keyPath,
    certPath,
    key: readFileSync(keyPath),
    cert: readFileSync(certPath),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

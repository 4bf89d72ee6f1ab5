// FTP / FTPS: log in on the pinned address and send PWD (basic-ftp). No data connection is
// opened, so the server's PASV/EPSV answer (an address of its choosing) is never dialled.
import { isIP } from "node:net";
import { deadline, onlyPin } from "./dial.mjs";

export async function check({ pins, params, timeoutMs }) {
  const pin = onlyPin(pins);
  const { Client } = await import("basic-ftp");
  const client = new Client(timeoutMs);
  const limit = deadline(timeoutMs);
  try {
    await Promise.race([
      (async () => {
        // basic-ftp dials `host` itself (also for implicit TLS): it gets the checked IP; the
        // name stays for SNI and the certificate check (an IP literal is checked as an IP).
        const tls = { host: pin.address, ...(isIP(pin.hostname) ? {} : { servername: pin.hostname }) };
        if (params.tls === "implicit") await client.connectImplicitTLS(pin.address, pin.port, tls);
        else await client.connect(pin.address, pin.port);
        if (params.tls === "explicit") {
          // A server without TLS refuses AUTH TLS, often with 530: that is not a bad password.
          await client.useTLS(tls).catch((err) => {
            if (typeof err?.code === "number") throw Object.assign(new Error("no TLS"), { code: "FTP_TLS_REFUSED" });
            throw err;
          });
        }
        await client.login(params.username, params.password);
        await client.pwd();
      })(),
      limit.promise,
    ]);
  } finally {
    limit.clear();
    client.close();
  }
}

/** FTP reply codes (RFC 959): 530 not logged in, 550 unavailable, 421 service closing. */
export function classify(err) {
  const code = err?.code;
  if (code === "FTP_TLS_REFUSED") return "server_error";
  if (code === 530 || code === 430) return "auth_failed";
  if (code === 550) return "not_found";
  if (code === 534 || code === 533) return "forbidden"; // TLS required / refused by policy
  if (typeof code === "number" && code >= 400 && code < 600) return "server_error";
  return undefined;
}

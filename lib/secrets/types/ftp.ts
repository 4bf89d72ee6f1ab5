import { z } from "zod";
import { formFields, hint, hintSecretFields, required, type SecretTypeDef } from "./common";

/** How the control connection is secured: plain, `AUTH TLS` after connecting (FTPES), or TLS from the start (FTPS, port 990). */
export const FTP_TLS_MODES = ["none", "explicit", "implicit"] as const;

export const ftpSchema = z.strictObject({
  host: required("Host").max(253),
  port: z.coerce.number().int().min(1).max(65535).default(21),
  // FTP sends USER and PASS as command lines: a CR or LF would start another command.
  username: required("Username").max(128),
  password: required("Password").max(1024),
  tls: z.enum(FTP_TLS_MODES).default("explicit"),
});

export type FtpValue = z.output<typeof ftpSchema>;

/** FTP / FTPS (basic-ftp): a login, over plain FTP, explicit TLS or implicit TLS. */
export const ftp: SecretTypeDef<typeof ftpSchema> = {
  type: "FTP",
  label: "FTP",
  schema: ftpSchema,
  fields: formFields(ftpSchema, {
    host: { label: "Host" },
    port: { label: "Port", help: "21 for plain FTP and explicit TLS, usually 990 for implicit TLS." },
    username: { label: "Username" },
    password: { label: "Password", kind: "secret" },
    tls: {
      label: "TLS",
      help: "explicit: AUTH TLS on the FTP port (FTPES); implicit: TLS from the first byte (FTPS); none sends the password in clear text. The server's certificate is verified.",
    },
  }),
  mask: (v, opts) =>
    hintSecretFields(
      { host: v.host, port: v.port, username: v.username, password: hint(v.password), tls: v.tls },
      v,
      opts,
    ),
  apply: null,
  // basic-ftp's access() options, and the URL form curl and most clients read.
  connection: (v) => ({
    url: `${v.tls === "implicit" ? "ftps" : "ftp"}://${encodeURIComponent(v.username)}:${encodeURIComponent(
      v.password,
    )}@${v.host.includes(":") ? `[${v.host}]` : v.host}:${v.port}`,
    host: v.host,
    port: v.port,
    username: v.username,
    password: v.password,
    tls: v.tls,
    secure: v.tls === "implicit" ? "implicit" : v.tls === "explicit",
  }),
};

import { z } from "zod";
import { formFields, hint, hintSecretFields, required, type SecretTypeDef } from "./common";

/** OpenSSH's form of a host key fingerprint: `SHA256:` and the unpadded base64 of the key's SHA-256. */
export const HOST_KEY_FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

const PRIVATE_KEY = /-----BEGIN (?:OPENSSH |RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----/;

export const sftpSchema = z
  .strictObject({
    host: required("Host").max(253),
    port: z.coerce.number().int().min(1).max(65535).default(22),
    username: required("Username").max(128),
    // Either a password or a private key (or both: ssh2 tries the key first).
    password: z.string().min(1).max(1024).optional(),
    privateKey: z
      .string()
      .trim()
      .max(20_000)
      .refine((k) => PRIVATE_KEY.test(k), "Not a PEM or OpenSSH private key (-----BEGIN … PRIVATE KEY-----)")
      .optional(),
    passphrase: z.string().min(1).max(1024).optional(),
    hostKeyFingerprint: z
      .string()
      .trim()
      // `ssh-keygen -lf` prints it with the prefix; a bare base64 digest is accepted too.
      .transform((f) => (f.startsWith("SHA256:") ? f : `SHA256:${f}`).replace(/=+$/, ""))
      .refine((f) => HOST_KEY_FINGERPRINT.test(f), "A SHA256 fingerprint, as ssh-keygen -lf prints it (SHA256:…)")
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.password && !v.privateKey) {
      ctx.addIssue({ code: "custom", path: ["password"], message: "Enter a password or a private key" });
    }
    if (v.passphrase && !v.privateKey) {
      ctx.addIssue({ code: "custom", path: ["passphrase"], message: "A passphrase goes with a private key" });
    }
  });

export type SftpValue = z.output<typeof sftpSchema>;

/** SFTP over SSH (ssh2-sftp-client): a password or a private key, and the host key to expect. */
export const sftp: SecretTypeDef<typeof sftpSchema> = {
  type: "SFTP",
  label: "SFTP",
  schema: sftpSchema,
  fields: formFields(sftpSchema, {
    host: { label: "Host" },
    port: { label: "Port" },
    username: { label: "Username" },
    password: { label: "Password", kind: "secret", help: "Or a private key below." },
    privateKey: { label: "Private key", kind: "textarea", help: "PEM or OpenSSH format; or a password above." },
    passphrase: { label: "Key passphrase", kind: "secret", help: "Only for an encrypted private key." },
    hostKeyFingerprint: {
      label: "Host key fingerprint",
      help: "SHA256:… from ssh-keygen -lf. Left empty, any host key is accepted (no protection against an impostor server).",
    },
  }),
  mask: (v, opts) =>
    hintSecretFields(
      {
        host: v.host,
        port: v.port,
        username: v.username,
        ...(v.password !== undefined && { password: hint(v.password) }),
        // Not `privateKey: "********"`: the edit form would start the key's textarea with it.
        authentication: [v.password !== undefined && "password", v.privateKey !== undefined && "private key"]
          .filter(Boolean)
          .join(" and "),
        ...(v.passphrase !== undefined && { passphrase: hint(v.passphrase) }),
        ...(v.hostKeyFingerprint !== undefined && { hostKeyFingerprint: v.hostKeyFingerprint }),
      },
      v,
      opts,
    ),
  apply: null,
  // ssh2's connect options; there is no standard SFTP URL with a key, so no `url` when a key is used.
  connection: (v) => ({
    ...(v.privateKey === undefined && {
      url: `sftp://${encodeURIComponent(v.username)}:${encodeURIComponent(v.password ?? "")}@${
        v.host.includes(":") ? `[${v.host}]` : v.host
      }:${v.port}`,
    }),
    host: v.host,
    port: v.port,
    username: v.username,
    ...(v.password !== undefined && { password: v.password }),
    ...(v.privateKey !== undefined && { privateKey: v.privateKey }),
    ...(v.passphrase !== undefined && { passphrase: v.passphrase }),
    ...(v.hostKeyFingerprint !== undefined && { hostKeyFingerprint: v.hostKeyFingerprint }),
  }),
};

/*
 * Every credential type name, written once. The catalogue may name any of them
 * (`authTypes`); the rest of the code derives its lists from the flags:
 * - `stored`: the vault has a schema for it in this folder and keeps such secrets;
 * - `form`: a person can enter one in the dashboard's credential form;
 * - `native`: a native connector (database, cache, broker, file store): its dry run is the
 *   protocol's own check in a child process (lib/verify/native), not an HTTP request.
 * `index.ts` checks at compile time that the stored ones are exactly the types with a
 * definition, so flipping a flag without adding the type does not build.
 */
export const CREDENTIAL_TYPES = [
  { name: "NO_AUTH", stored: true, form: true },
  { name: "SIMPLE", stored: true, form: true },
  { name: "API_KEY", stored: true, form: true },
  { name: "BEARER", stored: true, form: true },
  { name: "HTTP_HEADERS", stored: true, form: true },
  { name: "OA2_AUTHORIZATION_CODE", stored: true, form: false },
  { name: "OA2_CLIENT_CREDENTIALS", stored: true, form: false },
  { name: "SESSION_AUTH", stored: true, form: false },
  { name: "POSTGRES", stored: true, form: true, native: true },
  { name: "MYSQL", stored: true, form: true, native: true },
  { name: "MSSQL", stored: true, form: true, native: true },
  { name: "REDIS", stored: true, form: true, native: true },
  { name: "AMQP", stored: true, form: true, native: true },
  { name: "AWS", stored: true, form: true, native: true },
  { name: "AZURE_STORAGE", stored: true, form: true, native: true },
  { name: "SFTP", stored: true, form: true, native: true },
  { name: "FTP", stored: true, form: true, native: true },
  { name: "MONGODB", stored: true, form: true, native: true },
  { name: "KAFKA", stored: true, form: true, native: true },
  { name: "HS256", stored: true, form: true },
  { name: "RS256", stored: true, form: true },
  { name: "MIXED", stored: true, form: false },
] as const;

type CredentialType = (typeof CREDENTIAL_TYPES)[number];

/** Any credential type a catalogue entry may accept. */
export type AuthType = CredentialType["name"];
/** A type the vault stores. */
export type SecretType = Extract<CredentialType, { stored: true }>["name"];
/** A type a person can enter in the dashboard form (OAuth and session logins are connected, not typed in). */
export type StaticType = Extract<CredentialType, { form: true }>["name"];

/** A native connector type (`native` in the list above). */
export type NativeType = Extract<CredentialType, { native: true }>["name"];

type Names<T extends string> = readonly [T, ...T[]];
const namesWhere = <T extends string>(keep: (t: CredentialType) => boolean) =>
  CREDENTIAL_TYPES.filter(keep).map((t) => t.name) as unknown as Names<T>;

/** Every type name, in catalogue order (a non-empty tuple, as `z.enum` wants). */
export const authTypeNames = namesWhere<AuthType>(() => true);
/** The stored types, in the same order. */
export const secretTypeNames = namesWhere<SecretType>((t) => t.stored);
/** The form types, in the same order. */
export const staticTypeNames = namesWhere<StaticType>((t) => t.form);
/** The native connector types, in the same order. */
export const nativeTypeNames = namesWhere<NativeType>((t) => "native" in t && t.native);

import { z } from "zod";
import { apiKey } from "./api-key";
import { bearer } from "./bearer";
import type { SecretTypeDef } from "./common";
import { mysql, postgres } from "./database";
import { httpHeaders } from "./http-headers";
import { mixed } from "./mixed";
import { noAuth } from "./no-auth";
import { oauth2Code } from "./oauth2-code";
import { sessionAuth } from "./session-auth";
import { simple } from "./simple";

export type { ApplyDefaults, FieldSpec, RequestAuth, SecretTypeDef } from "./common";

/** Every credential type the vault stores, keyed by its API name. */
export const secretTypes = {
  NO_AUTH: noAuth,
  SIMPLE: simple,
  API_KEY: apiKey,
  BEARER: bearer,
  HTTP_HEADERS: httpHeaders,
  OA2_AUTHORIZATION_CODE: oauth2Code,
  SESSION_AUTH: sessionAuth,
  POSTGRES: postgres,
  MYSQL: mysql,
  MIXED: mixed,
} as const satisfies Record<string, SecretTypeDef>;

export type SecretType = keyof typeof secretTypes;
export const secretTypeNames = Object.keys(secretTypes) as SecretType[];

export function typeDef(type: string): SecretTypeDef {
  const def = secretTypes[type as SecretType] as SecretTypeDef | undefined;
  if (!def) throw new Error(`Unknown secret type ${type}`);
  return def;
}

/** The static (non-OAuth) types an end user can enter in a form. */
export const staticTypes: SecretType[] = ["NO_AUTH", "SIMPLE", "API_KEY", "BEARER", "HTTP_HEADERS", "POSTGRES", "MYSQL"];

/** `{type, value}` as one discriminated union, used by create bodies and forms. */
export const typedValueSchema = z.discriminatedUnion(
  "type",
  secretTypeNames.map((t) => z.object({ type: z.literal(t), value: secretTypes[t].schema })) as unknown as [
    z.ZodObject<{ type: z.ZodLiteral<SecretType>; value: z.ZodType }>,
  ],
);

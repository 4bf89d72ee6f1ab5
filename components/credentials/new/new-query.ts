import { z } from "zod";
import { getComponent, OAUTH_TYPES, type ComponentEntry } from "@/lib/components";
import { isStaticType, type StaticType } from "../labels";
import type { FormComponent } from "../form/field-specs";

const param = z.string().max(64).optional().catch(undefined);
const newQuerySchema = z.object({ component: param, type: param });

/** What a component offers besides the static forms: OAuth Connect, client credentials, a session login. */
type Ways = {
  hasOAuth: boolean;
  hasCodeFlow: boolean;
  hasClientCredentials: boolean;
  hasSessionAuth: boolean;
};

export type NewCredentialStep =
  | { step: 1; /** A `?component=` the catalogue does not have, to say so above the picker. */ unknown?: string }
  | ({ step: 2; entry: ComponentEntry; types: StaticType[] } & Ways)
  | ({ step: 3; entry: ComponentEntry; types: StaticType[]; type: StaticType } & Ways);

/**
 * Which step `?component=&type=` names. An unknown component is step 1 (naming it); a type the
 * component does not take is ignored; a component with one static type skips step 2.
 */
export function resolveStep(searchParams: Record<string, string | string[] | undefined>): NewCredentialStep {
  const query = newQuerySchema.parse(searchParams);
  const entry = query.component ? getComponent(query.component) : undefined;
  if (!entry) return query.component ? { step: 1, unknown: query.component } : { step: 1 };
  const types = entry.authTypes.filter(isStaticType);
  const hasOAuth = entry.authTypes.some((t) => (OAUTH_TYPES as readonly string[]).includes(t));
  // The browser flow (Connect) needs the authorization-code type and an authorization URL.
  const hasCodeFlow = entry.authTypes.includes("OA2_AUTHORIZATION_CODE") && !!entry.oauth?.authorizationUrl;
  const ways: Ways = {
    hasOAuth,
    hasCodeFlow,
    hasClientCredentials: entry.authTypes.includes("OA2_CLIENT_CREDENTIALS") && !!entry.oauth,
    hasSessionAuth: entry.authTypes.includes("SESSION_AUTH"),
  };
  const type = types.find((t) => t === query.type) ?? (types.length === 1 ? types[0] : undefined);
  return type ? { step: 3, entry, types, type, ...ways } : { step: 2, entry, types, ...ways };
}

/** The plain data the client form needs from a catalogue entry. */
export function formComponent(entry: ComponentEntry): FormComponent {
  return {
    id: entry.id,
    name: entry.name,
    logo: entry.logo ?? null,
    hasDryRun: entry.dryRun !== undefined,
    docsUrl: entry.docsUrl,
    fields: entry.fields.map((f) => ({ ...f, choices: f.choices?.map((c) => ({ ...c })) })),
    apply: JSON.parse(JSON.stringify(entry.apply)) as FormComponent["apply"],
    secretFields: JSON.parse(JSON.stringify(entry.secretFields)) as FormComponent["secretFields"],
  };
}

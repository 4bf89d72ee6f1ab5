import type { FormComponent } from "@/components/credentials/form/field-specs";
import type { StaticType } from "@/components/credentials/labels";
import type { ConnectField } from "@/components/oauth/connect-client";
import type { ComponentField } from "@/lib/components/schema";
import type { SessionField } from "@/lib/oauth/session-recipe";
import type { MaskedSecret } from "@/lib/secrets/public";
import type { EmbedTheme } from "./theme";

/** A component the session may connect, as plain data from the server page. */
export type EmbedComponent = {
  form: FormComponent;
  category: string;
  /** The credential types the end user can type in (the dashboard's forms). */
  staticTypes: StaticType[];
  /** Connect with OAuth: the tenant's auth client and the connection fields its endpoints need; null when there is none. */
  oauth: { authClientId: string; fields: ConnectField[] } | null;
  /** Connect without a popup: the tenant's client-credentials client; null when there is none. */
  clientCredentials: { authClientId: string } | null;
  /** Log in with the tenant's session-auth recipe (its oldest) and the fields it asks for; null when there is none. */
  session: { authClientId: string; fields: SessionField[] } | null;
  /** The connection fields those two forms ask for: the component's, none for a custom one (its client has the endpoints). */
  tokenFields: ComponentField[];
};

/** Everything the embed's client needs, decided on the server from the session and the query. */
export type EmbedConfig = {
  branding: { name?: string; accentColor?: string; logoUrl?: string };
  theme: EmbedTheme;
  /** "manage": list and add; "pick": choose one credential of `pickComponent`. */
  view: "manage" | "pick";
  /** OAuth in a popup, or the whole page through the provider and back to `returnTo`. */
  oauthMode: "popup" | "redirect";
  returnTo: string | null;
  pickComponent: string | null;
  /** The exact origins the embed reports to and takes commands from (the session's frame-ancestors). */
  hostOrigins: string[];
  /** The workspace new credentials go to: the session's, or the default. */
  workspace: string;
  components: EmbedComponent[];
};

export type Connection = MaskedSecret;

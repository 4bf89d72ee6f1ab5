import { ConnectButton } from "@/components/oauth/connect-client";
import { Card, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { Time } from "@/components/ui/time";
import type { SessionField } from "@/lib/oauth/session-recipe";
import type { TokenState } from "@/lib/oauth/token-state";
import { DefinitionList } from "./credential-values";
import { LoginAgainForm } from "./login-again-client";
import { RefreshNowButton } from "./refresh-now-client";

type Props = {
  secretId: string;
  /** OA2_AUTHORIZATION_CODE (the default), OA2_CLIENT_CREDENTIALS or SESSION_AUTH. */
  type?: string;
  componentName: string;
  status: string;
  statusDetail: string | null;
  tokens: TokenState;
  canWrite: boolean;
  /** SESSION_AUTH: the recipe's fields, for logging in again once a login was refused. */
  loginFields?: SessionField[];
};

const present = (yes: boolean) => (yes ? <span>Present</span> : <span className="text-slate-500">None</span>);

function Expiry({ tokens, unknown = "Unknown (the provider did not say)" }: { tokens: TokenState; unknown?: string }) {
  if (!tokens.expires) return <span className="text-slate-500">{unknown}</span>;
  if (tokens.expires.getUTCFullYear() > 9999) return <span>Never ({tokens.expiresText})</span>;
  const past = tokens.accessTokenExpired;
  return (
    <span className={past ? "text-red-700" : undefined}>
      {past ? "Expired " : ""}
      <RelativeTime value={tokens.expires} />{" "}
      <span className="text-slate-500">
        (<Time value={tokens.expires} />)
      </span>
    </span>
  );
}

/**
 * Manage tokens, by type: for an OAuth2 credential whether an access and a refresh token are
 * stored, when the access token expires and the granted scopes, with Refresh now and
 * Re-authorize (which keeps the credential's id; an expired credential says why and puts it
 * first); for session auth and client credentials, `ManageToken`. Never a token value.
 */
export function ManageTokens(props: Props) {
  if (props.type === "SESSION_AUTH" || props.type === "OA2_CLIENT_CREDENTIALS") return <ManageToken {...props} />;
  return <ManageOAuthTokens {...props} />;
}

const scopeList = (scopes: string[]) =>
  scopes.length > 0 ? (
    <ul aria-label="Granted scopes" className="flex flex-wrap gap-1.5">
      {scopes.map((s) => (
        <li key={s}>
          <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">{s}</code>
        </li>
      ))}
    </ul>
  ) : (
    <span className="text-slate-500">None recorded</span>
  );

/**
 * Session auth and client credentials: when the token was last obtained and when it expires,
 * with Refresh now (a new login or a new token). Never the token or the input fields. A
 * session credential whose login was refused says why and offers to log in again.
 */
function ManageToken({ secretId, type, status, statusDetail, tokens, canWrite, loginFields }: Props) {
  const session = type === "SESSION_AUTH";
  const expired = status === "expired";
  return (
    <Card aria-labelledby="tokens-title">
      <CardHeader
        titleId="tokens-title"
        title="Manage token"
        description={
          session
            ? "The token comes from a login with the stored details; neither is ever shown."
            : "The token comes from the auth client's client credentials; it is never shown."
        }
      />
      {expired ? (
        <div className="mx-5 mt-4 rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200">
          <p className="font-medium">
            {session ? "The login details need to be entered again." : "This credential expired."}
          </p>
          <p className="mt-1">{statusDetail ?? "The login was refused."}</p>
        </div>
      ) : null}
      <DefinitionList
        items={[
          { term: "Token", detail: present(tokens.hasAccessToken) },
          {
            term: "Last obtained",
            detail: tokens.obtainedAt ? (
              <span>
                <RelativeTime value={tokens.obtainedAt} />{" "}
                <span className="text-slate-500">
                  (<Time value={tokens.obtainedAt} />)
                </span>
              </span>
            ) : (
              <span className="text-slate-500">Unknown</span>
            ),
          },
          {
            term: "Expires",
            detail: (
              <Expiry
                tokens={tokens}
                unknown={
                  session ? "Unknown: the token is reused until Refresh now" : "Unknown (the provider did not say)"
                }
              />
            ),
          },
          ...(session ? [] : [{ term: "Granted scopes", detail: scopeList(tokens.scopes) }]),
        ]}
      />
      {canWrite ? (
        <div className="flex flex-wrap items-start gap-6 border-t border-slate-200 px-5 py-4">
          {expired && session && loginFields ? (
            <LoginAgainForm secretId={secretId} fields={loginFields} />
          ) : (
            <RefreshNowButton secretId={secretId} hasRefreshToken linked={!!tokens.authClientId} session={session} />
          )}
        </div>
      ) : null}
    </Card>
  );
}

function ManageOAuthTokens({ secretId, componentName, status, statusDetail, tokens, canWrite }: Props) {
  const expired = status === "expired";
  const reauthorize =
    canWrite && tokens.authClientId ? (
      <ConnectButton
        authClientId={tokens.authClientId}
        componentName={componentName}
        secretId={secretId}
        label="Re-authorize"
        variant={expired ? "primary" : "secondary"}
      />
    ) : null;
  return (
    <Card aria-labelledby="tokens-title">
      <CardHeader titleId="tokens-title" title="Manage tokens" description="The tokens themselves are never shown." />
      {expired ? (
        <div className="mx-5 mt-4 rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200">
          <p className="font-medium">This credential needs to be re-authorized.</p>
          <p className="mt-1">{statusDetail ?? "The provider no longer accepts its refresh token."}</p>
        </div>
      ) : null}
      <DefinitionList
        items={[
          { term: "Access token", detail: present(tokens.hasAccessToken) },
          { term: "Refresh token", detail: present(tokens.hasRefreshToken) },
          { term: "Access token expires", detail: <Expiry tokens={tokens} /> },
          { term: "Granted scopes", detail: scopeList(tokens.scopes) },
          ...(tokens.externalId
            ? [{ term: "Account", detail: <code className="font-mono text-xs">{tokens.externalId}</code> }]
            : []),
        ]}
      />
      {canWrite ? (
        <div className="flex flex-wrap items-start gap-6 border-t border-slate-200 px-5 py-4">
          {!expired ? (
            <RefreshNowButton
              secretId={secretId}
              hasRefreshToken={tokens.hasRefreshToken}
              linked={!!tokens.authClientId}
            />
          ) : null}
          {reauthorize ?? (
            <p className="text-sm text-slate-600">
              Re-authorize needs the auth client that issued these tokens; this credential was passed in without one.
            </p>
          )}
        </div>
      ) : null}
    </Card>
  );
}

import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { SigningType } from "@/lib/secrets/types/signing";
import { CopyField } from "./copy-field-client";
import { DefinitionList } from "./credential-values";
import { PublishJwksButton, RotateKeyButton } from "./signing-key-actions-client";
import { TryIt } from "./try-it-client";

type Masked = {
  kid?: string;
  publicKey?: string;
  modulusLength?: number;
  previous?: Array<{ kid: string; retiresAt: string }>;
};

/**
 * A signing key's page: key id, the public key and the JWKS URL with copy buttons, earlier
 * keys still verifying, and Try it. Everything shown comes from the stored mask, which holds
 * no private material; nothing is decrypted for this page.
 */
export function SigningKeyPanel({
  secretId,
  type,
  masked,
  exportable,
  publishJwks,
  jwksUrl,
  canWrite,
}: {
  secretId: string;
  type: SigningType;
  masked: Masked;
  exportable: boolean;
  publishJwks: boolean;
  jwksUrl: string;
  canWrite: boolean;
}) {
  const previous = masked.previous ?? [];
  return (
    <Card aria-labelledby="signing-key-title">
      <CardHeader
        titleId="signing-key-title"
        title="Signing key"
        description={
          exportable
            ? "Exportable: integration code may read the private material back through the API."
            : `The ${type === "HS256" ? "secret" : "private key"} never leaves the vault; it is used only inside it.`
        }
        actions={canWrite ? <RotateKeyButton secretId={secretId} /> : null}
      />
      <DefinitionList
        items={[
          {
            term: "Algorithm",
            detail: type === "RS256" ? `RS256 (RSA, ${masked.modulusLength} bits)` : "HS256 (HMAC-SHA256)",
          },
          { term: "Key ID (kid)", detail: <code className="font-mono text-xs break-all">{masked.kid}</code> },
          {
            term: "Earlier keys",
            detail:
              previous.length === 0 ? (
                "None"
              ) : (
                <ul className="space-y-1">
                  {previous.map((k) => (
                    <li key={k.kid}>
                      <code className="font-mono text-xs break-all">{k.kid}</code>, verifies until{" "}
                      <Time value={k.retiresAt} />
                    </li>
                  ))}
                </ul>
              ),
          },
        ]}
      />
      <CardBody className="space-y-5 border-t border-slate-200">
        {type === "RS256" && masked.publicKey ? (
          <>
            <CopyField label="Public key" value={masked.publicKey} multiline />
            {publishJwks ? (
              <CopyField label="JWKS URL" value={jwksUrl} />
            ) : (
              <p className="text-sm text-slate-600">
                The JWKS URL is not published: only API callers can fetch the public keys.
              </p>
            )}
            {canWrite ? <PublishJwksButton secretId={secretId} published={publishJwks} /> : null}
          </>
        ) : (
          <p className="text-sm text-slate-600">An HS256 key is a shared secret: it has no public key to show.</p>
        )}
        {canWrite ? <TryIt secretId={secretId} /> : null}
      </CardBody>
    </Card>
  );
}

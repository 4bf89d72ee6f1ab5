import { describe, expect, it } from "vitest";
import { signingKeyFormSchema, type SigningKeyFormValues } from "./signing-key-schema";

const form = (over: Partial<SigningKeyFormValues>): SigningKeyFormValues => ({
  name: "Key",
  workspace: "production",
  mode: "generate",
  modulusLength: "2048",
  value: {},
  exportable: false,
  publishJwks: false,
  ...over,
});

describe("the signing-key form becomes the POST /secrets body", () => {
  it("Generate: RS256 sends the size, HS256 nothing but generate", () => {
    expect(signingKeyFormSchema("RS256").parse(form({ modulusLength: "4096", publishJwks: true }))).toEqual({
      name: "Key",
      workspace: "production",
      exportable: false,
      publishJwks: true,
      value: { generate: true, modulusLength: 4096 },
    });
    expect(signingKeyFormSchema("HS256").parse(form({ exportable: true }))).toEqual({
      name: "Key",
      workspace: "production",
      exportable: true,
      value: { generate: true },
    });
  });

  it("Import: the type's own schema judges the key, an empty passphrase is left out", () => {
    const pem = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----";
    expect(
      signingKeyFormSchema("RS256").parse(form({ mode: "import", value: { privateKey: pem, passphrase: "" } })).value,
    ).toEqual({
      privateKey: pem,
    });
    const short = signingKeyFormSchema("HS256").safeParse(form({ mode: "import", value: { secret: "c2hvcnQ" } }));
    expect(short.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["value.secret", "The secret is 5 bytes; HS256 needs at least 32 (256 bits)"],
    ]);
    const encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n-----END ENCRYPTED PRIVATE KEY-----";
    const noPass = signingKeyFormSchema("RS256").safeParse(
      form({ mode: "import", value: { privateKey: encrypted, passphrase: "" } }),
    );
    expect(noPass.error?.issues[0].message).toBe("This key is encrypted: give its passphrase");
  });
});

import { describe, expect, it } from "vitest";
import { authTypeSchema, componentEntrySchema } from "@/lib/components";
import { createSecretSchema } from "@/lib/secrets/schemas";
import { isStaticType, secretTypes } from "./index";
import { CREDENTIAL_TYPES, authTypeNames, secretTypeNames, staticTypeNames } from "./names";

describe("credential type lists come from one list", () => {
  it("the registry holds exactly the stored types, each under its own name", () => {
    expect(Object.keys(secretTypes)).toEqual([...secretTypeNames]);
    for (const [name, def] of Object.entries(secretTypes)) expect(def.type).toBe(name);
  });

  it("the catalogue accepts every type, stored or not, and nothing else", () => {
    expect(authTypeSchema.options).toEqual(CREDENTIAL_TYPES.map((t) => t.name));
    const entry = (authTypes: string[]) => ({
      id: "x",
      name: "X",
      category: "Generic",
      docsUrl: "https://x.example/docs",
      authTypes,
    });
    expect(componentEntrySchema.safeParse(entry(["HS256", "RS256"])).success).toBe(true);
    expect(componentEntrySchema.safeParse(entry(["NOT_A_TYPE"])).success).toBe(false);
  });

  it("POST /secrets takes the stored types only", () => {
    const body = (type: string) => ({ name: "n", type, value: {} });
    expect(createSecretSchema.safeParse(body("NO_AUTH")).success).toBe(true);
    const notStored = authTypeNames.filter((t) => !(secretTypeNames as readonly string[]).includes(t));
    expect(notStored).not.toContain("HS256");
    for (const type of notStored) expect(createSecretSchema.safeParse(body(type)).success, type).toBe(false);
    // Client credentials are stored: naming the auth client is the smallest body (the token is fetched).
    expect(
      createSecretSchema.safeParse({ ...body("OA2_CLIENT_CREDENTIALS"), value: { authClientId: "c" } }).success,
    ).toBe(true);
    expect(createSecretSchema.safeParse(body("OA2_CLIENT_CREDENTIALS")).success).toBe(false);
    // The signing types are stored: a generated key is the smallest body they take.
    for (const type of ["HS256", "RS256"])
      expect(createSecretSchema.safeParse({ ...body(type), value: { generate: true } }).success, type).toBe(true);
  });

  it("the form types are stored types, and the OAuth, session and MIXED types are not among them", () => {
    for (const t of staticTypeNames) expect(secretTypeNames, t).toContain(t);
    expect(staticTypeNames.filter(isStaticType)).toEqual([...staticTypeNames]);
    for (const t of ["OA2_AUTHORIZATION_CODE", "OA2_CLIENT_CREDENTIALS", "SESSION_AUTH", "MIXED"])
      expect(isStaticType(t), t).toBe(false);
    // Signing keys are generated or imported in the form's own tabs.
    for (const t of ["HS256", "RS256"]) expect(isStaticType(t), t).toBe(true);
  });
});

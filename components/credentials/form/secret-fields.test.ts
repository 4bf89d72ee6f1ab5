import { describe, expect, it } from "vitest";
import { getComponent } from "@/lib/components";
import { formComponent } from "../new/new-query";
import { replaceDefaults } from "./edit-defaults";
import { valueFields } from "./field-specs";
import { createCredentialSchema } from "./schema";

/*
 * A field the component marks secret (Stripe's Basic username is the key) is a password
 * input, never pre-filled, and the edit form only hints what is stored.
 */
describe("component secret fields in the credential form", () => {
  const stripe = formComponent(getComponent("stripe")!);
  const mailgun = formComponent(getComponent("mailgun")!);

  it("the form data carries the component's secret fields", () => {
    expect(stripe.secretFields).toEqual({ SIMPLE: ["username"] });
  });

  it("renders Stripe's Basic username as a write-only secret input", () => {
    const username = valueFields("SIMPLE", stripe.apply, stripe.secretFields?.SIMPLE).find(
      (f) => f.name === "username",
    )!;
    expect(username).toMatchObject({ kind: "secret", label: "Secret key", initial: "", required: true });
    expect(username.hint).toMatch(/Write-only/);
  });

  it("sends Stripe's empty password as the empty string the type expects", () => {
    const fields = valueFields("SIMPLE", stripe.apply, stripe.secretFields?.SIMPLE);
    const form = {
      name: "Stripe",
      workspace: "production",
      config: {},
      value: { username: "sk_test_1", passphrase: "" },
      headers: [],
      replace: true,
    };
    const r = createCredentialSchema("SIMPLE", fields, stripe.fields).safeParse(form);
    expect(r.success && r.data.value).toEqual({ username: "sk_test_1", passphrase: "" });
  });

  it("keeps an identity username a text input with its default", () => {
    const username = valueFields("SIMPLE", mailgun.apply, mailgun.secretFields?.SIMPLE).find(
      (f) => f.name === "username",
    )!;
    expect(username).toMatchObject({ kind: "text", initial: "api" });
  });

  it("the edit form does not pre-fill a secret username from the mask, it hints it", () => {
    const fields = valueFields("SIMPLE", stripe.apply, stripe.secretFields?.SIMPLE);
    const { values, hints } = replaceDefaults(fields, { username: "****f00d", passphrase: "********" });
    expect(values.username).toBe("");
    expect(hints.username).toBe("Currently ****f00d.");
    // An identity username is still offered as stored.
    const plain = replaceDefaults(valueFields("SIMPLE", mailgun.apply, mailgun.secretFields?.SIMPLE), {
      username: "api",
      passphrase: "****cdef",
    });
    expect(plain.values.username).toBe("api");
  });
});

describe("headers a credential may never set, in the form", () => {
  it("refuses a Host header row in the browser, on that row's name", () => {
    const httpApi = formComponent(getComponent("http-api")!);
    const form = {
      name: "H",
      workspace: "production",
      config: { baseUrl: "https://api.example.com", testPath: "/" },
      value: {},
      headers: [{ name: "Host", value: "internal.example" }],
      replace: true,
    };
    const r = createCredentialSchema("HTTP_HEADERS", [], httpApi.fields).safeParse(form);
    expect(r.success).toBe(false);
    expect(!r.success && r.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["value.headers.Host", "The Host header may not be set by a credential"],
    ]);
  });
});

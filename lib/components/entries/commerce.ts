import type { ComponentEntryInput } from "../schema";
import { HOSTNAME, SUBDOMAIN } from "./patterns";

/** Shops and payment providers. */
export const commerceComponents: ComponentEntryInput[] = [
  {
    id: "shopify",
    name: "Shopify",
    category: "E-commerce",
    docsUrl: "https://shopify.dev/docs/api/admin-rest",
    authTypes: ["OA2_AUTHORIZATION_CODE", "API_KEY"],
    fields: [
      {
        name: "shop",
        label: "Shop",
        required: true,
        placeholder: "your-store",
        pattern: SUBDOMAIN,
        help: "The your-store part of your-store.myshopify.com.",
      },
      {
        name: "apiVersion",
        label: "API version",
        required: true,
        default: "2025-01",
        pattern: "^\\d{4}-(?:01|04|07|10)$",
        help: "A stable Admin API version (YYYY-MM).",
      },
    ],
    baseUrl: "https://{{shop}}.myshopify.com/admin/api/{{apiVersion}}",
    // Shopify reads tokens from its own header, OAuth tokens included.
    apply: {
      API_KEY: { location: "header", headerName: "X-Shopify-Access-Token", label: "Admin API access token" },
      OA2_AUTHORIZATION_CODE: { headerName: "X-Shopify-Access-Token", prefix: "" },
    },
    dryRun: {
      kind: "http",
      method: "GET",
      url: "https://{{shop}}.myshopify.com/admin/api/{{apiVersion}}/shop.json",
      // Shop ids are global, so the same id on two shops cannot collide.
      accountId: "shop.id",
    },
    oauth: {
      authorizationUrl: "https://{{shop}}.myshopify.com/admin/oauth/authorize",
      tokenUrl: "https://{{shop}}.myshopify.com/admin/oauth/access_token",
      defaultScopes: ["read_products", "read_orders"],
      scopeSeparator: ",",
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: false,
      // No revocation endpoint: offline tokens end only when the app is uninstalled.
      oauthDocsUrl: "https://shopify.dev/docs/apps/build/authentication-authorization/authenticate-standalone-apps",
    },
  },
  {
    id: "woocommerce",
    name: "WooCommerce",
    category: "E-commerce",
    docsUrl: "https://woocommerce.github.io/woocommerce-rest-api-docs/",
    authTypes: ["SIMPLE"],
    fields: [
      {
        name: "storeDomain",
        label: "Store domain",
        required: true,
        placeholder: "shop.example.com",
        pattern: HOSTNAME,
        help: "The domain of your WordPress site (served over https).",
      },
    ],
    baseUrl: "https://{{storeDomain}}/wp-json/wc/v3",
    apply: { SIMPLE: { usernameLabel: "Consumer key (ck_…)", passphraseLabel: "Consumer secret (cs_…)" } },
    // The consumer key is half of the key pair, not an account name: WooCommerce itself
    // stores it only hashed and shows it once, so it is masked like the secret.
    secretFields: { SIMPLE: ["username"] },
    dryRun: { kind: "http", method: "GET", url: "https://{{storeDomain}}/wp-json/wc/v3/system_status" },
  },
  {
    id: "bigcommerce",
    name: "BigCommerce",
    category: "E-commerce",
    docsUrl: "https://developer.bigcommerce.com/docs/rest-management",
    authTypes: ["API_KEY"],
    fields: [
      {
        name: "storeHash",
        label: "Store hash",
        required: true,
        pattern: "^[a-z0-9]+$",
        help: "The code after /stores/ in your API path.",
      },
    ],
    baseUrl: "https://api.bigcommerce.com/stores/{{storeHash}}",
    apply: { API_KEY: { location: "header", headerName: "X-Auth-Token", label: "Access token" } },
    requestDefaults: { headers: { Accept: "application/json" } },
    dryRun: { kind: "http", method: "GET", url: "https://api.bigcommerce.com/stores/{{storeHash}}/v2/store" },
  },
  {
    id: "stripe",
    name: "Stripe",
    category: "Payments",
    docsUrl: "https://docs.stripe.com/api",
    authTypes: ["BEARER", "SIMPLE"],
    baseUrl: "https://api.stripe.com/v1",
    apply: {
      BEARER: { label: "Secret or restricted key (sk_…, rk_…)" },
      // Basic auth: the key is the username, the password stays empty.
      SIMPLE: { usernameLabel: "Secret key", passphraseDefault: "" },
    },
    secretFields: { SIMPLE: ["username"] },
    dryRun: { kind: "http", method: "GET", url: "https://api.stripe.com/v1/balance" },
  },
  {
    id: "square",
    name: "Square",
    category: "Payments",
    docsUrl: "https://developer.squareup.com/reference/square",
    authTypes: ["OA2_AUTHORIZATION_CODE", "BEARER"],
    fields: [
      {
        name: "apiHost",
        label: "Environment",
        required: true,
        default: "connect.squareup.com",
        choices: [
          { value: "connect.squareup.com", label: "Production" },
          { value: "connect.squareupsandbox.com", label: "Sandbox" },
        ],
      },
    ],
    baseUrl: "https://{{apiHost}}/v2",
    apply: { BEARER: { label: "Access token" } },
    dryRun: { kind: "http", method: "GET", url: "https://{{apiHost}}/v2/locations" },
    oauth: {
      authorizationUrl: "https://{{apiHost}}/oauth2/authorize",
      tokenUrl: "https://{{apiHost}}/oauth2/token",
      defaultScopes: ["MERCHANT_PROFILE_READ"],
      // Not confirmed: Square's ObtainToken reference documents only a JSON body
      // {client_id, client_secret, code, grant_type} (Content-Type default application/json)
      // and never says whether a form body is accepted. A form body is what Nango sends Square
      // in production (its catalogue gives squareup no JSON body format), so no body-shape
      // option was added to the schema. PKCE is Square's flow for clients without a secret
      // (code_verifier instead of client_secret); the secret flow is used here, so no PKCE.
      // Square answers `expires_at` (a date), not `expires_in`. Revocation is not described:
      // Square's revoke endpoint wants `Authorization: Client <secret>`.
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: false,
      oauthDocsUrl: "https://developer.squareup.com/docs/oauth-api/overview",
    },
  },
  {
    id: "paypal",
    name: "PayPal",
    category: "Payments",
    docsUrl: "https://developer.paypal.com/api/rest/",
    authTypes: ["OA2_CLIENT_CREDENTIALS"],
    fields: [
      {
        name: "apiHost",
        label: "Environment",
        required: true,
        default: "api-m.paypal.com",
        choices: [
          { value: "api-m.paypal.com", label: "Live" },
          { value: "api-m.sandbox.paypal.com", label: "Sandbox" },
        ],
      },
    ],
    baseUrl: "https://{{apiHost}}",
    // No dry run: minting the client-credentials token already proves the app credentials.
    oauth: {
      tokenUrl: "https://{{apiHost}}/v1/oauth2/token",
      defaultScopes: [],
      tokenEndpointAuthMethod: "client_secret_basic",
      pkce: false,
      oauthDocsUrl: "https://developer.paypal.com/api/rest/authentication/",
    },
  },
];

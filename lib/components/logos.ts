/**
 * Brand logos: the one place that says which simple-icons (CC0) icon stands for which
 * catalogue entry. `npm run logos` (scripts/build-logos.ts), and `npm run build` and `npm start`
 * before `next build`, write each icon, in the brand's own colour, to
 * public/logos/<slug>.svg; the files are committed too, so `next dev`,
 * `next build` and the tests all serve the same static SVGs, and lib/components/logos.test.ts
 * fails when a file no longer matches the installed simple-icons.
 */

/** Catalogue id → simple-icons slug. A product of a larger brand uses the brand's icon. */
export const BRAND_ICONS: Readonly<Record<string, string>> = {
  postgresql: "postgresql",
  mysql: "mysql",
  "jwt-signing-key": "jsonwebtokens",
  discord: "discord",
  zoom: "zoom",
  mailgun: "mailgun",
  "google-drive": "googledrive",
  "google-sheets": "googlesheets",
  gmail: "gmail",
  "google-calendar": "googlecalendar",
  github: "github",
  gitlab: "gitlab",
  bitbucket: "bitbucket",
  jira: "jira",
  confluence: "confluence",
  atlassian: "atlassian",
  linear: "linear",
  sentry: "sentry",
  "docker-hub": "docker",
  datadog: "datadog",
  pagerduty: "pagerduty",
  cloudflare: "cloudflare",
  digitalocean: "digitalocean",
  vercel: "vercel",
  netlify: "netlify",
  mixpanel: "mixpanel",
  posthog: "posthog",
  notion: "notion",
  airtable: "airtable",
  asana: "asana",
  trello: "trello",
  clickup: "clickup",
  personio: "personio",
  typeform: "typeform",
  calendly: "calendly",
  figma: "figma",
  miro: "miro",
  coda: "coda",
  hubspot: "hubspot",
  "zoho-crm": "zoho",
  zendesk: "zendesk",
  intercom: "intercom",
  "help-scout": "helpscout",
  dropbox: "dropbox",
  box: "box",
  "backblaze-b2": "backblaze",
  shopify: "shopify",
  woocommerce: "woocommerce",
  bigcommerce: "bigcommerce",
  stripe: "stripe",
  square: "square",
  paypal: "paypal",
  quickbooks: "quickbooks",
  xero: "xero",
  mailchimp: "mailchimp",
  brevo: "brevo",
  webflow: "webflow",
  anthropic: "anthropic",
  "google-gemini": "googlegemini",
  mistral: "mistralai",
  "hugging-face": "huggingface",
  elevenlabs: "elevenlabs",
  replicate: "replicate",
  okta: "okta",
  auth0: "auth0",
  redis: "redis",
  "upstash-redis": "upstash",
  rabbitmq: "rabbitmq",
  mongodb: "mongodb",
  "mongodb-atlas": "mongodb",
  kafka: "apachekafka",
  "backblaze-b2-s3": "backblaze",
  "cloudflare-r2": "cloudflare",
  "digitalocean-spaces": "digitalocean",
};

/**
 * Brands simple-icons does not carry (most were removed at the owner's request): they keep
 * the generated monogram. The value is the slug that was looked for; the test checks it is
 * still absent, so a brand that comes back is noticed and mapped.
 */
export const NO_BRAND_ICON: Readonly<Record<string, string>> = {
  slack: "slack",
  twilio: "twilio",
  sendgrid: "sendgrid",
  postmark: "postmark",
  "microsoft-365": "microsoft365",
  outlook: "microsoftoutlook",
  "microsoft-teams": "microsoftteams",
  onedrive: "microsoftonedrive",
  segment: "segment",
  monday: "mondaydotcom",
  smartsheet: "smartsheet",
  salesforce: "salesforce",
  pipedrive: "pipedrive",
  close: "close",
  attio: "attio",
  freshdesk: "freshdesk",
  front: "front",
  activecampaign: "activecampaign",
  klaviyo: "klaviyo",
  openai: "openai",
  cohere: "cohere",
  groq: "groq",
  "amazon-elasticache": "amazonelasticache",
  "amazon-s3": "amazons3",
  "azure-blob-storage": "microsoftazure",
  cloudamqp: "cloudamqp",
  "sql-server": "microsoftsqlserver",
  "confluent-cloud": "confluent",
};

/**
 * Hand-drawn icons in public/logos for the generic entries (set as the entry's `logo`), and
 * "Other" for no component. Protocols are not brands: SFTP and FTP get a file-transfer icon
 * (with a padlock for SFTP). The names have a hyphen or are words simple-icons does not use as
 * slugs, so `npm run logos` never writes over them.
 */
export const GENERIC_LOGOS = ["http", "oauth", "key", "other", "file-transfer", "file-transfer-secure"] as const;

/** The neutral icon of a secret stored without a component. */
export const OTHER_LOGO = "/logos/other.svg";

/** Path of the brand logo for a catalogue id, or undefined when it has none. */
export function brandLogo(componentId: string): string | undefined {
  const slug = BRAND_ICONS[componentId];
  return slug ? `/logos/${slug}.svg` : undefined;
}

/** The parts of a simple-icons icon the file is made from. */
export type BrandIcon = { title: string; slug: string; hex: string; path: string };

/** WCAG relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The SVG file for one icon: the 24-unit glyph in the brand's colour with a 4-unit margin.
 * A colour too pale to see on the white page (Mailchimp's yellow) gets a dark tile behind it.
 */
export function renderBrandSvg(icon: BrandIcon): string {
  const hex = icon.hex.toUpperCase();
  const contrastOnWhite = 1.05 / (luminance(hex) + 0.05);
  const tile = contrastOnWhite < 1.7 ? `<rect width="32" height="32" rx="7" fill="#1E293B"/>` : "";
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" role="img">` +
    `<title>${escapeXml(icon.title)}</title>${tile}` +
    `<path transform="translate(4 4)" fill="#${hex}" d="${icon.path}"/></svg>\n`
  );
}

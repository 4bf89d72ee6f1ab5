/**
 * Generated monogram for components without a logo file: up to two initials on a
 * colour picked by a stable hash of the name, so a component keeps its colour
 * across renders, processes and releases.
 */

/** Dark enough for white text (WCAG AA for large text) and distinct from each other. */
const PALETTE = [
  "#1d4ed8",
  "#047857",
  "#b91c1c",
  "#7c3aed",
  "#c2410c",
  "#0e7490",
  "#be185d",
  "#4d7c0f",
  "#4338ca",
  "#a16207",
  "#0f766e",
  "#9d174d",
] as const;

export type Monogram = {
  /** One or two upper-case characters. */
  initials: string;
  /** Background colour as `#rrggbb`. */
  color: string;
  /** Text colour to use on `color`. */
  textColor: "#ffffff";
};

/** FNV-1a, 32 bit: tiny, dependency free and identical on server and client. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function words(name: string): string[] {
  const parts = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (parts.length !== 1) return parts;
  // A single word such as "GitHub" or "HubSpot": use its camel-case humps.
  return parts[0].split(/(?<=\p{Ll})(?=\p{Lu})/u).filter(Boolean);
}

/**
 * Initials and a stable colour for `name`, e.g. `monogram("Zoho CRM")` →
 * `{ initials: "ZC", color: "#…", textColor: "#ffffff" }`.
 */
export function monogram(name: string): Monogram {
  const initials = words(name)
    .slice(0, 2)
    .map((w) => Array.from(w)[0] ?? "")
    .join("")
    .toUpperCase();
  const color = PALETTE[hash(name.trim().toLowerCase()) % PALETTE.length];
  return { initials: initials || "?", color, textColor: "#ffffff" };
}

import type { CSSProperties } from "react";

export type EmbedTheme = "light" | "dark";

/** `#rrggbb` only: the settings schema allows nothing else, and this is the line of defence in the style attribute. */
const HEX = /^#[0-9a-fA-F]{6}$/;

/** Relative luminance (WCAG) of `#rrggbb`. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * The tenant's accent colour as the brand palette the shared components already use
 * (`bg-brand-600` and friends are CSS variables in Tailwind 4), so buttons, focus rings and
 * links follow the branding without a second set of components. A very light accent is
 * darkened for the solid shades, so white button text stays readable.
 */
export function accentStyle(accent: string | undefined, theme: EmbedTheme): CSSProperties {
  if (!accent || !HEX.test(accent)) return {};
  const solid = luminance(accent) > 0.35 ? `color-mix(in srgb, ${accent} 60%, black)` : accent;
  // Tints sit on the surface colour: near white in the light theme, near black in the dark one.
  const surface = theme === "dark" ? "#111827" : "white";
  return {
    "--color-brand-50": `color-mix(in srgb, ${accent} ${theme === "dark" ? 25 : 8}%, ${surface})`,
    "--color-brand-100": `color-mix(in srgb, ${accent} ${theme === "dark" ? 35 : 16}%, ${surface})`,
    "--color-brand-500": `color-mix(in srgb, ${solid} 85%, white)`,
    "--color-brand-600": solid,
    "--color-brand-700":
      theme === "dark" ? `color-mix(in srgb, ${accent} 70%, white)` : `color-mix(in srgb, ${solid} 80%, black)`,
  } as CSSProperties;
}

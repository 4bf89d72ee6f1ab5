import { createElement, isValidElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import DashboardError from "@/app/(dashboard)/error";
import RootError from "@/app/error";

/*
 * The two error boundaries: Next renders them with the error a page threw. They must show a
 * heading, "Try again" wired to reset and a way back, and never the error's message, which can
 * carry internals (a query, a host, a token).
 */

const SECRET = "password authentication failed for sk_live_51HxSecretLooking at db-internal.example:5432";

function thrown(digest?: string) {
  const error = new Error(SECRET) as Error & { digest?: string };
  error.stack = `Error: ${SECRET}\n    at query (/srv/app/lib/db.ts:1:1)`;
  if (digest) error.digest = digest;
  return error;
}

/** Every element in a rendered tree whose props satisfy `match`, found without a DOM. */
function findElements(node: ReactNode, match: (props: Record<string, unknown>) => boolean): unknown[] {
  if (Array.isArray(node)) return node.flatMap((n) => findElements(n as ReactNode, match));
  if (!isValidElement(node)) return [];
  const props = node.props as Record<string, unknown>;
  const own = match(props) ? [node] : [];
  const nested = Object.values(props).flatMap((v) => findElements(v as ReactNode, match));
  return [...own, ...nested];
}

const pages = [
  { name: "app/error.tsx", Page: RootError, back: "Back to the dashboard" },
  { name: "app/(dashboard)/error.tsx", Page: DashboardError, back: "Back to credentials" },
];

describe.each(pages)("$name", ({ Page, back }) => {
  it("shows a heading, Try again and a link back, and neither the message nor the stack", () => {
    const html = renderToStaticMarkup(createElement(Page, { error: thrown(), reset: () => {} }));
    expect(html).toMatch(/<h1[^>]*>Something went wrong<\/h1>/);
    expect(html).toMatch(/<button[^>]*>Try again<\/button>/);
    expect(html).toMatch(new RegExp(`<a [^>]*href="/"[^>]*>${back}</a>`));
    for (const part of ["sk_live_51HxSecretLooking", "password authentication", "db-internal", "/srv/app"]) {
      expect(html).not.toContain(part);
    }
    expect(html).not.toContain("Reference:");
  });

  it("shows the digest, the one thing the server log can be searched by", () => {
    const html = renderToStaticMarkup(createElement(Page, { error: thrown("1234567890"), reset: () => {} }));
    expect(html).toContain("Reference: 1234567890");
    expect(html).not.toContain("sk_live_51HxSecretLooking");
  });

  it("wires Try again to reset", () => {
    const reset = () => {};
    const tree = Page({ error: thrown(), reset });
    const buttons = findElements(tree, (p) => p.onClick === reset);
    expect(buttons).toHaveLength(1);
    expect(renderToStaticMarkup(buttons[0] as ReactNode)).toMatch(/>Try again<\/button>$/);
  });
});

import Link from "next/link";
import { CopyIdButton } from "./copy-id-client";

/** The first 8 characters of an id: enough to tell rows apart; the whole id is in the title and the copy button. */
export const shortId = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);

/** An id that looks like one (a UUID, a request id), worth shortening. */
export const looksLikeId = (v: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

/** A shortened id with a copy button; with `href`, the id links there (e.g. every event of a target). */
export function ShortId({
  id,
  what,
  href,
  linkTitle,
}: {
  id: string;
  what: string;
  href?: string;
  linkTitle?: string;
}) {
  const text = (
    <code className="font-mono text-xs" title={id}>
      {shortId(id)}
    </code>
  );
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap">
      {href ? (
        <Link
          href={href}
          title={linkTitle ? `${linkTitle}: ${id}` : id}
          aria-label={linkTitle ? `${linkTitle}: ${id}` : id}
          className="text-brand-600 hover:text-brand-700"
        >
          {text}
        </Link>
      ) : (
        <span className="text-slate-700">{text}</span>
      )}
      <CopyIdButton value={id} what={what} />
    </span>
  );
}

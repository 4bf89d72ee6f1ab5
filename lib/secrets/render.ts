import "server-only";
import { fillTemplate, type ComponentEntry } from "@/lib/components";
import { ApiError } from "@/lib/api/errors";
import { typeDef, type ApplyDefaults, type RequestAuth } from "./types";
import { emptyAuth, type ConnectionOptions } from "./types/common";

/**
 * The headers, query and cookies for a request made with this credential: the
 * component's non-secret request defaults, then the credential applied by its type,
 * following the component's `apply` rules. Config values fill `{{field}}` templates;
 * credential values never go into a template. A native connector type (a database, a
 * cache, a broker, a file store) answers its `connection` options instead.
 */
export function renderRequestAuth(opts: {
  type: string;
  value: Record<string, unknown>;
  entry?: ComponentEntry;
  config?: Record<string, string>;
}): RequestAuth & { connection?: ConnectionOptions } {
  const def = typeDef(opts.type);
  const apply = def.apply;
  if (!apply && def.connection)
    return { ...emptyAuth(), connection: def.connection(opts.value as never, opts.config ?? {}) };
  if (!apply) throw new ApiError("bad_request", `${opts.type} credentials are not applied to HTTP requests`);
  const defaults = (opts.entry?.apply as Record<string, ApplyDefaults | undefined> | undefined)?.[opts.type];
  const auth = apply(opts.value as never, defaults);
  const rd = opts.entry?.requestDefaults;
  const config = opts.config ?? {};
  const fill = (rec: Record<string, string> = {}) =>
    Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, fillTemplate(v, config)]));
  return {
    headers: { ...fill(rd?.headers), ...auth.headers },
    query: { ...fill(rd?.query), ...auth.query },
    cookies: auth.cookies,
  };
}

import type { ApiRequester } from "@/components/forms/api-request";
import type { Connection } from "./types";

const PAGE_SIZE = 100;
/** More than this many credentials for one end user would be a list nobody reads in an iframe. */
const MAX_PAGES = 10;

/**
 * The end user's connections, as the API shows a connect session: its own, within the
 * session's components and workspace, values masked. `componentId` narrows it (pick mode).
 */
export async function listConnections(request: ApiRequester, opts: { componentId?: string | null } = {}) {
  const out: Connection[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const query = new URLSearchParams({ "page[size]": String(PAGE_SIZE), "page[number]": String(page) });
    if (opts.componentId) query.set("component", opts.componentId);
    const items = (await request<Connection[]>(`/api/v1/secrets?${query}`, "GET")) ?? [];
    out.push(...items);
    if (items.length < PAGE_SIZE) break;
  }
  return out;
}

/** `POST /secrets/{id}/verify`'s answer. */
export type VerifyOutcome = { ok: boolean; class: string; status?: number; durationMs: number };

export const verifyConnection = (request: ApiRequester, id: string) =>
  request<VerifyOutcome>(`/api/v1/secrets/${encodeURIComponent(id)}/verify`, "POST");

export const deleteConnection = (request: ApiRequester, id: string) =>
  request<null>(`/api/v1/secrets/${encodeURIComponent(id)}`, "DELETE");

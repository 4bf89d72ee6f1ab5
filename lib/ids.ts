const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a syntactically valid UUID; anything else can be answered 404 without a query. */
export const isUuid = (s: string | undefined | null): s is string => !!s && UUID.test(s);

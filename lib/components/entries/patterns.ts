/*
 * Shared `pattern` values for catalogue fields. Values end up in hosts and paths of
 * outgoing requests, so they are pinned tightly: a field that takes "acme" must not
 * accept "evil.example/x?".
 */

/** One DNS label, e.g. the `acme` of acme.zendesk.com. */
export const SUBDOMAIN = "^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$";

/** A DNS host name without scheme, port or path, e.g. `dev-123.okta.com`. */
export const HOSTNAME = "^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$";

/** An https URL without query or fragment and without a trailing slash. */
export const HTTPS_URL = "^https://[^\\s/?#]+(?:/[^\\s?#]*[^\\s/?#])?$";

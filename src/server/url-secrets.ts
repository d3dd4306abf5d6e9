/**
 * Secrets in request URLs. dp takes tokens only from the `Authorization`
 * header; a URL is written to logs, browser histories and proxies' logs, so a
 * request whose URL carries a token (a `dpt_` token anywhere, or a query
 * parameter named like a credential) is refused, and no URL reaches the
 * server's log with such a value in clear.
 */

/** A dp token (src/server/auth.ts) or a piece of one, anywhere in a URL, its `_` possibly percent-encoded. */
const DP_TOKEN = /dpt(?:_|%5f)[^/?&#=]*/gi;
/** Query parameter names that carry credentials in other services' APIs. */
const SECRET_NAMES =
  /^(?:token|access_?token|id_?token|refresh_?token|api_?key|apikey|key|secret|client_?secret|password|passwd|pwd|auth|authorization|bearer|session|sig|signature)$/i;

const REDACTED = '[redacted]';

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The query parameters of `url`, each as its raw text and its decoded name. */
function parameters(url: string): Array<{ raw: string; name: string; eq: number }> {
  const q = url.indexOf('?');
  if (q < 0) return [];
  return url
    .slice(q + 1)
    .split('&')
    .map((raw) => {
      const eq = raw.indexOf('=');
      return { raw, eq, name: decoded(eq < 0 ? raw : raw.slice(0, eq)) };
    });
}

/** Something that looks like a dp token (or most of one): `dpt_` and at least 16 of its characters. */
const TOKEN_LIKE = /dpt(?:_|%5f)[A-Za-z0-9_-]{16,}/i;

/** What in this URL is a credential (to name in a refusal), or undefined when there is none. */
export function secretInUrl(url: string): string | undefined {
  if (TOKEN_LIKE.test(url)) return 'a dp token';
  const named = parameters(url).find((p) => SECRET_NAMES.test(p.name));
  return named ? `the query parameter "${named.name}"` : undefined;
}

/** The URL as it may be logged: dp tokens and the values of credential-like parameters replaced. */
export function redactedUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = parameters(url).map((p) => (p.eq >= 0 && SECRET_NAMES.test(p.name) ? `${p.raw.slice(0, p.eq)}=${REDACTED}` : p.raw));
  return `${path}${q < 0 ? '' : `?${query.join('&')}`}`.replace(DP_TOKEN, REDACTED);
}

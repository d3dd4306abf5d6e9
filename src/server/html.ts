/**
 * HTML that cannot be unescaped by accident. `html\`...\`` escapes every
 * interpolated value with `escapeHtml` unless it is already `SafeHtml` (the
 * result of another `html` template); arrays are joined, null, undefined and
 * false print nothing. The only way around the escaping is `trusted()`, kept
 * for constants written in this code base (never for data).
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** The one escaping function of the web catalog: safe in element content and in quoted attribute values. */
// eslint-disable-next-line no-control-regex
const SPECIAL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f&<>"'`]/;
const SPECIALS = new RegExp(SPECIAL.source, 'g');

/** Control characters other than white space are errors in HTML text: they become U+FFFD, as HTML parsers turn NUL. */
export function escapeHtml(value: unknown): string {
  const text = String(value);
  return SPECIAL.test(text) ? text.replace(SPECIALS, (ch) => ENTITIES[ch] ?? '\uFFFD') : text;
}

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(value);
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i += 1) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Markup written in this code base (never data from the catalog or the request). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Pieces joined with a separator; every piece is escaped as in `html`. */
export function joinHtml(values: HtmlValue[], separator: HtmlValue = ''): SafeHtml {
  const sep = render(separator);
  return new SafeHtml(values.map(render).join(sep));
}

/** A query string from parameters, leaving out empty ones; the result still goes through `html` escaping. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Path of a product page; ids are slugs but are encoded anyway. */
export function productHref(id: string, version?: string): string {
  return `/products/${encodeURIComponent(id)}${version ? queryString({ version }) : ''}`;
}

/** A URL from a document, only when it is http(s) or mailto: `javascript:` and friends are shown as text, never linked. */
export function safeUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

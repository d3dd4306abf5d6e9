/** The frame of every page of the web catalog, and small shared pieces. */
import { ICON, SCRIPT, STYLESHEET } from '../assets.js';
import { html, trusted, type HtmlValue, type SafeHtml } from '../html.js';

export interface PageFrame {
  title: string;
  body: HtmlValue;
  /** Search text to keep in the header's search box. */
  query?: string;
  /** The header's links of a signed-in page (pages/session.ts); otherwise the sign-in link. */
  nav?: SafeHtml;
}

/**
 * The header's sign-in link, as every page shows it to a reader who is not signed in: cached pages
 * hold it, and a signed-in reader's copy has it replaced on the way out (src/server/personalise.ts).
 * No data of the catalog can print this text: its `<` would be escaped.
 */
export const SIGN_IN_SLOT = '<a class="session" href="/sign-in">Sign in</a>';

export function renderPage(frame: PageFrame): string {
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} · dp catalog</title>
<link rel="stylesheet" href="${STYLESHEET.path}">
<link rel="icon" href="${ICON.path}" type="image/svg+xml">
<script src="${SCRIPT.path}" defer></script>
</head>
<body>
<header class="top">
<a class="brand" href="/">dp catalog</a>
<a href="/">Products</a>
<a href="/mesh">Mesh</a>
<a href="/api/openapi.json">API</a>
${frame.nav ?? trusted(SIGN_IN_SLOT)}
</header>
<main>
${frame.body}
</main>
</body>
</html>
`;
  return page.value;
}

export function badge(text: string | null | undefined, kind = ''): SafeHtml | null {
  if (!text) return null;
  return html`<span class="badge${kind ? ` ${kind}` : ''}">${text}</span>`;
}

export function statusBadge(status: string | null | undefined): SafeHtml | null {
  if (!status) return null;
  const safe = /^[a-z-]+$/.test(status) ? ` status-${status}` : '';
  return html`<span class="badge${safe}">${status}</span>`;
}

/** `2025-05-01 14:03 UTC` from an ISO time. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** `3 days ago`, for freshness. */
const AGE_UNITS: Array<[number, string]> = [
  [365 * 86400, 'year'],
  [30 * 86400, 'month'],
  [86400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
];

/** The age as shown, and the unit counted (seconds; 60 for "just now", which turns into minutes). */
function age(iso: string, now: Date): { text: string; unit: number; count: number } {
  const seconds = Math.max(0, (now.getTime() - Date.parse(iso)) / 1000);
  for (const [size, name] of AGE_UNITS) {
    const n = Math.floor(seconds / size);
    if (n >= 1) return { text: `${n} ${name}${n === 1 ? '' : 's'} ago`, unit: size, count: n };
  }
  return { text: 'just now', unit: 60, count: 0 };
}

export function formatAge(iso: string, now: Date): string {
  return age(iso, now).text;
}

/** When `formatAge(iso, ...)` will first read differently than it does at `now` (epoch milliseconds). */
export function ageChangesAt(iso: string, now: Date): number {
  const { unit, count } = age(iso, now);
  // A time in the future shows "just now" until a minute after it; an unreadable one gives NaN.
  return Date.parse(iso) + (count + 1) * unit * 1000;
}

export function notFoundBody(what: string): SafeHtml {
  return html`<h1>Not found</h1><p class="notice">${what}</p><p><a href="/">Back to all products</a></p>`;
}

/** A value of a document shown as text: strings as they are, anything else as compact JSON. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * The web catalog's only static files: one stylesheet and one small script.
 * Served from memory with a content hash in their URL, so they can be cached
 * for a year; the pages work without the script (it only submits the facet
 * form when a select changes).
 */
import { createHash } from 'node:crypto';

const CSS = `
:root { --fg: #1d2330; --muted: #5b6476; --line: #d9dde5; --bg: #f6f7f9; --accent: #1f5fbf; --warn: #a05a00; --bad: #b3261e; --ok: #1b7a3e; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); text-decoration: none; }
a:hover, a:focus { text-decoration: underline; }
header.top { background: #14213d; color: #fff; padding: 0.6rem 1.5rem; display: flex; gap: 1.5rem; align-items: center; }
header.top a { color: #fff; }
header.top .brand { font-weight: 700; font-size: 1.1rem; }
main { max-width: 1200px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.2rem; margin: 1.8rem 0 0.6rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
.muted { color: var(--muted); }
.layout { display: grid; grid-template-columns: 240px 1fr; gap: 1.5rem; }
@media (max-width: 800px) { .layout { grid-template-columns: 1fr; } }
form.search { display: flex; gap: 0.5rem; margin: 0.5rem 0 1rem; }
form.search input[type=search] { flex: 1; padding: 0.5rem 0.7rem; font-size: 1rem; border: 1px solid var(--line); border-radius: 6px; }
button, .button { padding: 0.45rem 0.9rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 6px; font-size: 0.95rem; cursor: pointer; }
.facets fieldset { border: 1px solid var(--line); border-radius: 6px; background: #fff; margin: 0 0 0.8rem; padding: 0.5rem 0.8rem; }
.facets legend { font-weight: 600; padding: 0 0.3rem; }
.facets select { width: 100%; padding: 0.3rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 0.8rem 1rem; margin: 0 0 0.7rem; }
.card h3 { margin: 0 0 0.2rem; }
.badges { display: flex; flex-wrap: wrap; gap: 0.35rem; margin: 0.3rem 0; }
.badge { display: inline-block; font-size: 0.78rem; padding: 0.05rem 0.5rem; border-radius: 999px; background: #e8edf6; color: #23314d; }
.badge.status-active { background: #dff3e6; color: var(--ok); }
.badge.status-deprecated, .badge.status-retired { background: #fde7e4; color: var(--bad); }
.badge.breaking { background: #fde7e4; color: var(--bad); }
.badge.quality-passing, .badge.status-run-passed { background: #dff3e6; color: var(--ok); }
.badge.quality-failing, .badge.status-run-failed, .badge.status-run-error { background: #fde7e4; color: var(--bad); }
.badge.quality-untested { background: #eeeeee; color: #444; }
.evidence { border-left: 3px solid #d0d7e2; padding-left: 0.8rem; margin: 0.8rem 0; }
.promises li.check-failed, .promises li.check-error, tr.check-failed td, tr.check-error td { color: var(--bad); }
.history svg rect.run-passed { fill: #2e7d32; }
.history svg rect.run-failed { fill: #c62828; }
.history svg rect.run-error { fill: #8d6e63; }
.history figcaption { font-size: 0.8rem; color: #555; }
.badge.non-breaking { background: #e8f3ff; color: #0b4f8a; }
.badge.ownership { background: #fff4d6; color: #7a4b00; }
table { border-collapse: collapse; width: 100%; background: #fff; margin: 0.4rem 0 0.8rem; font-size: 0.92rem; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eef1f5; font-weight: 600; }
dl.props { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.4rem 0; }
dl.props dt { font-weight: 600; color: var(--muted); }
dl.props dd { margin: 0; white-space: pre-wrap; }
.prose { white-space: pre-wrap; }
nav.pages { display: flex; gap: 1rem; align-items: center; margin: 1rem 0; }
.port { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 0.2rem 1rem 0.6rem; margin: 0.8rem 0; }
.graph { background: #fff; border: 1px solid var(--line); border-radius: 8px; overflow: auto; }
.graph svg { display: block; }
.graph .node rect { fill: #eef3fb; stroke: #1f5fbf; stroke-width: 1.2; }
.graph .node.focus rect { fill: #fff4d6; stroke: #a05a00; stroke-width: 2; }
.graph .node text { font: 12px system-ui, sans-serif; fill: #1d2330; }
.graph .node text.domain { fill: #5b6476; font-size: 10px; }
.graph .node:hover rect, .graph .node:focus rect { fill: #d7e4fa; }
.graph .edge path { fill: none; stroke: #8a94a8; stroke-width: 1.3; }
.graph .edge text { font: 10px system-ui, sans-serif; fill: #5b6476; }
.graph marker path { fill: #8a94a8; }
.notice { background: #fff8e6; border: 1px solid #f0d68a; border-radius: 6px; padding: 0.5rem 0.8rem; }
code { background: #eef1f5; padding: 0 0.25rem; border-radius: 3px; font-size: 0.9em; }
header.top .session, header.top .session-links { margin-left: auto; display: flex; gap: 1rem; }
header.top form.sign-out { display: flex; gap: 0.5rem; align-items: center; margin: 0; }
header.top form.sign-out button { background: transparent; border-color: #fff; padding: 0.2rem 0.6rem; }
form.control { display: flex; flex-wrap: wrap; gap: 0.5rem 0.8rem; align-items: flex-end; margin: 0.5rem 0; }
form.control label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); }
form.control input, form.control select { padding: 0.35rem 0.5rem; border: 1px solid var(--line); border-radius: 6px; font-size: 0.95rem; }
button.secondary { background: #fff; color: var(--accent); }
.access { border-top: 1px dashed var(--line); margin-top: 0.6rem; padding-top: 0.3rem; }
.access h4 { margin: 0.4rem 0; font-size: 0.95rem; }
.notice.error { background: #fde7e4; border-color: #f3b1aa; }
.badge.state-approved, .badge.state-done { background: #dff3e6; color: var(--ok); }
.badge.state-pending, .badge.state-pending-second { background: #fff4d6; color: #7a4b00; }
.badge.state-denied, .badge.state-revoked, .badge.state-expired, .badge.state-overdue { background: #fde7e4; color: var(--bad); }
`;

const JS = `
document.querySelectorAll('form[data-autosubmit] select').forEach(function (s) {
  s.addEventListener('change', function () { s.form.submit(); });
});
`;

export interface Asset {
  path: string;
  type: string;
  body: string;
}

function asset(name: string, ext: string, type: string, body: string): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path: `/assets/${name}.${hash}.${ext}`, type, body };
}

export const STYLESHEET = asset('dp', 'css', 'text/css; charset=utf-8', CSS.trimStart());
export const SCRIPT = asset('dp', 'js', 'text/javascript; charset=utf-8', JS.trimStart());
export const ICON = asset(
  'dp',
  'svg',
  'image/svg+xml',
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#14213d"/><circle cx="5" cy="5" r="2" fill="#fff"/><circle cx="11" cy="11" r="2" fill="#fff"/><path d="M5 5L11 11" stroke="#fff" stroke-width="1.5"/></svg>',
);
export const ASSETS = [STYLESHEET, SCRIPT, ICON];

/**
 * The evidence of an output port on its product page: the latest published
 * test run on each server (promised against measured for the SLA properties,
 * each check's status), the downstream consumers a failing port lets down, and
 * the history of the last runs as an inline SVG chart (no JavaScript; a title,
 * a description and a text alternative for readers who cannot see it).
 */
import type { Edge } from '../../catalog/store.js';
import type { RunCheck, StoredRun } from '../../catalog/runs.js';
import { formatMeasured, formatSeconds } from '../../data/format.js';
import { html, productHref, type SafeHtml } from '../html.js';
import { formatAge, formatTime } from './layout.js';

/** Runs drawn in a port's history chart. */
export const HISTORY_SHOWN = 20;
const BAR = { width: 12, gap: 4, height: 48 };

const STATUS_WORDS: Record<string, string> = { passed: 'passing', failed: 'failing', error: 'could not be tested' };
const CHECK_MARKS: Record<RunCheck['status'], string> = { passed: '✔ passed', failed: '✖ failed', error: '! error', skipped: '- not tested' };

/** What an SLA measurement says in words: "newest data 2 h 10 min old". */
function measuredWords(check: RunCheck): string {
  if (typeof check.measured !== 'number') return check.status === 'skipped' ? 'not measured' : check.message;
  const age = formatSeconds(check.measured);
  const name = check.check.toLowerCase();
  if (name === 'latency' || name === 'freshness') return `newest data ${age} old`;
  if (name === 'retention') return `oldest data ${age} old`;
  if (name === 'frequency') return `longest interval between refreshes ${age}`;
  return formatMeasured(check.measured, check.unit);
}

function promised(check: RunCheck): string {
  const value = check.threshold?.value;
  return typeof value === 'number' && check.unit === 'seconds' ? formatSeconds(value) : check.expected;
}

function promises(run: StoredRun): SafeHtml | null {
  const sla = run.checks.filter((c) => c.category === 'sla');
  if (sla.length === 0) return null;
  const items = sla.map((c) => {
    const words = c.threshold ? html`promised ${promised(c)}, ${measuredWords(c)}` : html`${c.expected}: ${c.message}`;
    return html`<li class="check-${c.status}">${c.check}${c.field ? html` <span class="muted">(${c.object}.${c.field})</span>` : ''} ${words} <span class="verdict">${CHECK_MARKS[c.status]}</span></li>`;
  });
  return html`<ul class="promises">${items}</ul>`;
}

function checksTable(run: StoredRun): SafeHtml {
  const rows = run.checks.map(
    (c) =>
      html`<tr class="check-${c.status}"><td>${c.object}${c.field ? `.${c.field}` : ''}</td><td>${c.check}</td><td>${CHECK_MARKS[c.status]}${c.severity !== 'error' ? html` <span class="muted">(${c.severity})</span>` : ''}</td><td>${formatMeasured(c.measured, c.unit)}</td><td>${c.expected}</td></tr>`,
  );
  return html`<details${run.status === 'passed' ? '' : ' open'}><summary>${run.summary.checks} checks: ${run.summary.passed} passed, ${run.summary.failed} failed, ${run.summary.errors} errors, ${run.summary.skipped} not tested</summary>
<table class="checks"><thead><tr><th>Object</th><th>Check</th><th>Status</th><th>Measured</th><th>Promised</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}

function letDown(port: string, consumers: Edge[]): SafeHtml | null {
  const users = [...new Set(consumers.filter((e) => e.from.port === port).map((e) => e.to.product))].sort();
  if (users.length === 0) return null;
  return html`<p class="notice">Downstream consumers of this port: ${users.map((p, i) => html`${i > 0 ? ', ' : ''}<a href="${productHref(p)}">${p}</a>`)}.</p>`;
}

/** The last runs of a port on a server, oldest to newest, as bars: height the share of checks passed, colour the status. */
export function historyChart(port: string, server: string, newestFirst: StoredRun[]): SafeHtml {
  const runs = newestFirst.slice(0, HISTORY_SHOWN).reverse();
  const width = runs.length * (BAR.width + BAR.gap);
  const counts = { passed: 0, failed: 0, error: 0 };
  for (const r of runs) counts[r.status] += 1;
  const title = `Last ${runs.length} test run${runs.length === 1 ? '' : 's'} of port ${port} on server ${server}`;
  const text = `${counts.passed} passed, ${counts.failed} failed, ${counts.error} could not be tested; oldest ${formatTime(runs[0].startedAt)}, newest ${formatTime(runs[runs.length - 1].startedAt)} (${runs[runs.length - 1].status}).`;
  const bars = runs.map((r, i) => {
    const judged = r.summary.checks - r.summary.skipped;
    const share = judged > 0 ? r.summary.passed / judged : 0;
    const h = Math.max(4, Math.round(BAR.height * share));
    return html`<rect class="run-${r.status}" x="${i * (BAR.width + BAR.gap)}" y="${BAR.height - h}" width="${BAR.width}" height="${h}"><title>${formatTime(r.startedAt)}: ${r.status}, ${r.summary.passed} of ${judged} checks passed</title></rect>`;
  });
  const id = `history-${port}-${server}`.replace(/[^A-Za-z0-9_-]/g, '_');
  return html`<figure class="history">
<svg role="img" aria-labelledby="${id}-title ${id}-desc" width="${width}" height="${BAR.height}" viewBox="0 0 ${width} ${BAR.height}" xmlns="http://www.w3.org/2000/svg"><title id="${id}-title">${title}</title><desc id="${id}-desc">${text}</desc>${bars}</svg>
<figcaption>${title}: ${text}</figcaption>
</figure>`;
}

function latestRun(run: StoredRun, history: StoredRun[], consumers: Edge[], now: Date): SafeHtml {
  const ofServer = history.filter((r) => r.server === run.server);
  return html`<div class="run run-${run.status}">
<p><span class="badge status-run-${run.status}">${STATUS_WORDS[run.status]}</span> on server <code>${run.server}</code> (${run.serverType}) · tested ${formatTime(run.startedAt)} (${formatAge(run.startedAt, now)}) · version ${run.productVersion} · recorded by ${run.publisher}${run.since ? ` · rows since ${formatTime(run.since)}` : ''}</p>
${run.message && run.status === 'error' ? html`<p class="notice">${run.message}</p>` : null}
${run.status === 'passed' ? null : letDown(run.port, consumers)}
${promises(run)}
${checksTable(run)}
${historyChart(run.port, run.server, ofServer.length > 0 ? ofServer : [run])}
</div>`;
}

/** The evidence section of one output port: its latest run on each server, or a note that there is none. */
export function renderEvidence(port: string, latest: StoredRun[], history: StoredRun[], consumers: Edge[], now: Date): SafeHtml {
  const runs = latest.filter((r) => r.port === port);
  const ofPort = history.filter((r) => r.port === port);
  return html`<section class="evidence" aria-label="evidence of port ${port}"><h4>Evidence</h4>
${runs.length > 0 ? runs.map((r) => latestRun(r, ofPort, consumers, now)) : html`<p class="muted">No test run published yet: <code>dp test --publish</code> records one.</p>`}
</section>`;
}

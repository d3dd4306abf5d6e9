/**
 * Erasure requests as a signed-in reader may see them: the privacy office and
 * admins every task, a team the tasks of the products it owns
 * (src/control/erasure/read.ts). A page never shows the subject's identifier:
 * the request holds only its kind and a salted hash (shown, shortened, to the
 * privacy office), and the identifier reaches a product only through
 * `dp erase pending` while its task is open.
 */
import type { ErasureRequest, ErasureTask, TaskStatus } from '../../control/erasure/state.js';
import { html, productHref, queryString, type SafeHtml } from '../html.js';
import type { TokenRecord } from '../../catalog/store.js';
import { badge, formatTime } from './layout.js';

/** Tasks per page of a request. */
export const TASKS_PER_PAGE = 100;

export function countTasks(tasks: ErasureTask[]): Record<TaskStatus, number> {
  const counts: Record<TaskStatus, number> = { done: 0, pending: 0, overdue: 0 };
  for (const t of tasks) counts[t.status] += 1;
  return counts;
}

function counts(tasks: ErasureTask[]): SafeHtml {
  const c = countTasks(tasks);
  return html`<span class="task-counts">${badge(`${c.done} done`, 'state-done')} ${badge(`${c.pending} pending`, 'state-pending')} ${c.overdue > 0 ? badge(`${c.overdue} overdue`, 'state-overdue') : null}</span>`;
}

/** The body of the list of erasure requests a viewer may see. */
export function renderErasureList(requests: ErasureRequest[], token: TokenRecord): string {
  const rows = requests.map(
    (r) =>
      html`<tr id="${r.id}"><td><a href="/erasure/${r.id}">${r.id}</a></td><td>${r.kind}</td><td>${r.reason}</td><td>${formatTime(r.requestedAt)}</td><td>${r.deadline.slice(0, 10)}</td><td>${counts(r.tasks)}</td><td>${r.closedAt ? `closed ${formatTime(r.closedAt)}` : 'open'}</td></tr>`,
  );
  const whose =
    token.privacy || token.admin
      ? 'Every erasure request of the catalog.'
      : 'The erasure requests with a task for a product your team owns (only those tasks are shown).';
  const body = html`<h1>Erasure requests</h1><p class="muted">${whose} Filed with <code>dp erase request</code> by the privacy office; carried out with <code>dp erase apply</code> or <code>dp erase confirm</code> in each product.</p>
${rows.length > 0 ? html`<table class="erasures"><thead><tr><th>Request</th><th>Subject kind</th><th>Reason</th><th>Filed</th><th>Deadline</th><th>Tasks</th><th>State</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">None.</p>`}`;
  return body.value;
}

function erased(t: ErasureTask): SafeHtml {
  const applied = t.erased.map((o) => html`<li><code>${o.object}</code>: ${o.rows} row${o.rows === 1 ? '' : 's'} on ${o.server}</li>`);
  const confirmed = t.confirmation ? html`<li>confirmed ${formatTime(t.confirmation.at)} by ${t.confirmation.actor}: ${t.confirmation.note}</li>` : null;
  return applied.length > 0 || confirmed ? html`<ul class="erased">${applied}${confirmed}</ul>` : html`<span class="muted">nothing yet</span>`;
}

function taskRow(t: ErasureTask): SafeHtml {
  const objects = t.objects.map((o) => html`<code>${o.object}</code>`);
  return html`<tr id="task-${t.productId}"><td><a href="${productHref(t.productId)}">${t.productId}</a>${t.via.length > 0 ? html` <span class="muted">(downstream of ${t.via.join(', ')})</span>` : null}</td><td>${t.team ?? ''}</td>
<td>${badge(t.status, `state-${t.status}`)}</td><td>${t.deadline.slice(0, 10)}</td><td>${objects.length > 0 ? objects.map((o, i) => html`${i > 0 ? ', ' : ''}${o}`) : ''}</td><td>${erased(t)}</td><td>${t.doneAt ? formatTime(t.doneAt) : ''}</td></tr>`;
}

/** The body of one request's page of tasks, as a viewer may see it. */
export function renderErasureStatus(request: ErasureRequest, page: number): string {
  const pages = Math.max(1, Math.ceil(request.tasks.length / TASKS_PER_PAGE));
  const current = Math.min(Math.max(1, page), pages);
  const shown = request.tasks.slice((current - 1) * TASKS_PER_PAGE, current * TASKS_PER_PAGE);
  const link = (p: number, text: string) => html`<a href="/erasure/${request.id}${queryString({ page: p === 1 ? undefined : p })}">${text}</a>`;
  const nav =
    pages > 1
      ? html`<p class="pages">Page ${current} of ${pages}${current > 1 ? html` · ${link(current - 1, '← previous')}` : null}${current < pages ? html` · ${link(current + 1, 'next →')}` : null}</p>`
      : null;
  const audit = request.subjectHash
    ? html`<dt>Subject (audit)</dt><dd><code title="sha256(salt:kind:identifier)">${request.subjectHash.slice(0, 16)}…</code> <span class="muted">a salted hash: the identifier itself is never shown</span></dd>`
    : null;
  const body = html`<p><a href="/erasure">← Erasure requests</a></p>
<h1>Erasure request <code>${request.id}</code> ${request.closedAt ? badge('closed', 'state-done') : badge('open', 'state-pending')}</h1>
<dl class="props"><dt>Subject kind</dt><dd>${request.kind}</dd>${audit}<dt>Reason</dt><dd>${request.reason}</dd>
<dt>Filed</dt><dd>${formatTime(request.requestedAt)} by ${request.requestedBy}</dd><dt>Deadline</dt><dd>${formatTime(request.deadline)}</dd>
${request.closedAt ? html`<dt>Closed</dt><dd>${formatTime(request.closedAt)}: every task done, the identifier forgotten</dd>` : null}<dt>Tasks</dt><dd>${counts(request.tasks)}</dd></dl>
<h2>Tasks <span class="muted">(${request.tasks.length})</span></h2>${nav}
<table class="tasks"><thead><tr><th>Product</th><th>Team</th><th>Status</th><th>Deadline</th><th>Objects</th><th>Erased</th><th>Done</th></tr></thead><tbody>${shown.map(taskRow)}</tbody></table>${nav}`;
  return body.value;
}

/**
 * The access pages of a signed-in reader: its team's requests, its queue (the
 * requests on the products it owns, and those waiting for its second
 * approval), and one request with its history. Each decision the reader may
 * take is a form with a reason; the catalog checks again who may decide when
 * the form is sent (src/control/access/decide.ts), so a form shown here is a
 * convenience, never a permission.
 */
import type { AccessRequest } from '../../control/access/state.js';
import { lastDay } from '../../control/dates.js';
import { html, productHref, type SafeHtml } from '../html.js';
import type { WebSession } from '../session.js';
import type { TokenRecord } from '../../catalog/store.js';
import { badge, formatTime } from './layout.js';
import { csrfField, sessionPage } from './session.js';

/** Requests listed per section; the rest are counted, with the command that lists them all. */
export const MAX_ROWS = 200;

export interface Section {
  id: string;
  heading: string;
  requests: AccessRequest[];
  /** Shown when the section is empty. */
  empty: string;
}

/** What the reader may do with a request, as far as the page can tell (the catalog decides). */
export interface Choices {
  decide: boolean;
  revoke: boolean;
}

/** The decisions a reader (its token) may offer on a request: `owner` is the owning team now. */
export function choicesOf(r: AccessRequest, t: TokenRecord, owner: string | null): Choices {
  const team = t.admin || t.privacy ? undefined : (t.team ?? undefined);
  const isOwner = t.admin || (team !== undefined && team === owner);
  const pending = r.state === 'pending' || r.state === 'pending-second';
  const second = r.state === 'pending-second' && (t.admin || (team !== undefined && r.secondLevelApprovers.includes(team)));
  const decide = pending && team !== r.team && ((r.state === 'pending' && isOwner) || second || (r.state === 'pending-second' && isOwner));
  const revoke = (pending || r.state === 'approved') && (isOwner || (team !== undefined && team === r.team));
  return { decide, revoke };
}

/** The form of a request's decisions: one reason, a button per decision the reader may take. */
export function decisionForm(r: AccessRequest, choices: Choices, session: { csrf: string }, next: string): SafeHtml | null {
  if (!choices.decide && !choices.revoke) return null;
  const base = `/access/${r.id}`;
  const revokeLabel = r.state === 'approved' ? 'Revoke' : 'Withdraw';
  return html`<form class="control decide" method="post" action="${base}/${choices.decide ? 'approve' : 'revoke'}">${csrfField(session)}<input type="hidden" name="next" value="${next}">
<input type="text" name="reason" required maxlength="500" size="32" placeholder="reason (recorded)" aria-label="reason for ${r.id}">
${choices.decide ? html`<button type="submit" formaction="${base}/approve">Approve${r.state === 'pending-second' ? ' (second level)' : ''}</button> <button type="submit" class="secondary" formaction="${base}/deny">Deny</button>` : null}
${choices.revoke ? html` <button type="submit" class="secondary" formaction="${base}/revoke">${revokeLabel}</button>` : null}
</form>`;
}

function row(r: AccessRequest, form: SafeHtml | null): SafeHtml {
  const levels =
    r.levels === 2 ? html` <span class="muted">(${r.approvedBy.length}/2 approvals; second by ${r.secondLevelApprovers.join(' or ')})</span>` : null;
  return html`<tr id="${r.id}"><td><a href="/access/${r.id}">${r.id}</a></td><td><a href="${productHref(r.productId)}#port-${r.port}">${r.productId}:${r.port}</a></td><td><code>${r.role}</code></td><td>${r.team}</td>
<td>${badge(r.state, `state-${r.state}`)}${levels}</td><td>${r.purpose ?? html`<span class="muted">none given</span>`}</td><td>${r.until ? lastDay(r.until) : html`<span class="muted">until revoked</span>`}</td>
<td>${formatTime(r.requestedAt)}</td><td>${form}</td></tr>`;
}

function section(s: Section, form: (r: AccessRequest) => SafeHtml | null): SafeHtml {
  const shown = s.requests.slice(0, MAX_ROWS);
  const more = s.requests.length - shown.length;
  const table = html`<table class="requests"><thead><tr><th>Request</th><th>Port</th><th>Role</th><th>Team</th><th>State</th><th>Purpose</th><th>Until</th><th>Requested</th><th></th></tr></thead>
<tbody>${shown.map((r) => row(r, form(r)))}</tbody></table>${more > 0 ? html`<p class="muted">and ${more} more: <code>dp access list</code> lists them all.</p>` : null}`;
  return html`<section class="requests" id="${s.id}"><h2>${s.heading} <span class="muted">(${s.requests.length})</span></h2>${s.requests.length > 0 ? table : html`<p class="muted">${s.empty}</p>`}</section>`;
}

export interface AccessListView {
  title: string;
  intro: SafeHtml;
  sections: Section[];
  /** The form of each request's decisions. */
  form: (r: AccessRequest) => SafeHtml | null;
}

/** The body of a list of requests (a team's, a queue), as kept for every session of a viewer. */
export function renderAccessList(view: AccessListView): string {
  return html`<h1>${view.title}</h1>${view.intro}${view.sections.map((s) => section(s, view.form))}`.value;
}

/** One request: what was asked, its state, its history (who, when, why), and the decisions the reader may take. */
export function renderAccessRequest(r: AccessRequest, session: WebSession, form: SafeHtml | null): string {
  const steps = r.history.map(
    (s) => html`<tr><td>${formatTime(s.at)}</td><td>${s.type}${s.level ? ` (level ${s.level})` : ''}</td><td>${s.actor}</td><td>${s.reason ?? ''}</td></tr>`,
  );
  const body = html`<p><a href="/access">← Your requests</a> · <a href="/access/queue">Your queue</a></p>
<h1>Access request <code>${r.id}</code> ${badge(r.state, `state-${r.state}`)}</h1>
<dl class="props"><dt>Port</dt><dd><a href="${productHref(r.productId)}#port-${r.port}">${r.productId}:${r.port}</a> <span class="muted">(contract ${r.contractId}, version ${r.productVersion})</span></dd>
<dt>Role</dt><dd><code>${r.role}</code> (${r.access})</dd><dt>Team</dt><dd>${r.team}</dd>
<dt>Purpose</dt><dd>${r.purpose ?? html`<span class="muted">none given</span>`}</dd><dt>Until</dt><dd>${r.until ? `${lastDay(r.until)} (ends ${formatTime(r.until)})` : html`<span class="muted">until revoked</span>`}</dd>
<dt>Approvals</dt><dd>${r.approvedBy.length} of ${r.levels}${r.levels === 2 ? ` (second by ${r.secondLevelApprovers.join(' or ')})` : ''}</dd></dl>
${form ? html`<h2>Decide</h2>${form}` : null}
<h2>History</h2><table class="history"><thead><tr><th>When</th><th>What</th><th>Who</th><th>Why</th></tr></thead><tbody>${steps}</tbody></table>`;
  return sessionPage(`Access request ${r.id}`, body.value, session);
}

/**
 * Access on an output port's section of the product page. The page as cached
 * (for every reader) holds a slot per output port: what the port's contract
 * offers to request, and a sign-in link. For a signed-in reader the slot is
 * replaced on the way out (src/server/personalise.ts) by what that reader may
 * see of the port's grants and requests, and the "Request access" form.
 *
 * The slot is one `<div class="access-slot" data-access="...">` followed by the
 * comment `<!--/access-slot-->`: text of the catalog cannot print either (its
 * `<` and `"` are escaped), so finding slots in a page finds only these.
 */
import type { ContractRole } from '../../control/port.js';
import type { AccessRequest } from '../../control/access/state.js';
import { lastDay } from '../../control/dates.js';
import { html, queryString, type SafeHtml } from '../html.js';
import type { WebSession } from '../session.js';
import { badge } from './layout.js';
import { csrfField } from './session.js';

export interface SlotRole {
  role: string;
  access: string;
  /** Approvals a grant needs (2 when the role names second-level approvers). */
  levels: number;
}

export interface AccessSlot {
  product: string;
  port: string;
  roles: SlotRole[];
}

const SLOT = /<div class="access-slot" data-access="([^"]*)">[^]*?<\/div><!--\/access-slot-->/g;
const UNESCAPE: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#96;': '`' };

/** The slot of a port, as the cached page holds it. */
export function accessSlot(product: string, port: string, roles: ContractRole[]): SafeHtml {
  const data: AccessSlot = { product, port, roles: roles.map((r) => ({ role: r.role, access: r.access, levels: r.secondLevelApprovers.length > 0 ? 2 : 1 })) };
  const next = `/products/${encodeURIComponent(product)}#port-${port}`;
  return html`<div class="access-slot" data-access="${JSON.stringify(data)}"><p class="muted"><a href="/sign-in${queryString({ next })}">Sign in</a> to see this port's grants and to request access.</p></div><!--/access-slot-->`;
}

/** Each slot of a page, with where it is. */
export function findSlots(page: string): Array<{ slot: AccessSlot; start: number; end: number }> {
  const found: Array<{ slot: AccessSlot; start: number; end: number }> = [];
  for (const m of page.matchAll(SLOT)) {
    const text = m[1].replace(/&(?:amp|lt|gt|quot|#39|#96);/g, (e) => UNESCAPE[e]);
    found.push({ slot: JSON.parse(text) as AccessSlot, start: m.index, end: m.index + m[0].length });
  }
  return found;
}

const SHOWN: ReadonlyArray<AccessRequest['state']> = ['pending', 'pending-second', 'approved', 'expired'];

function requestRow(r: AccessRequest): SafeHtml {
  return html`<tr id="${r.id}"><td>${r.team}</td><td><code>${r.role}</code></td><td>${badge(r.state, `state-${r.state}`)}</td><td>${r.purpose ?? html`<span class="muted">none given</span>`}</td><td>${r.until ? lastDay(r.until) : html`<span class="muted">until revoked</span>`}</td><td><a href="/access/${r.id}">${r.id}</a></td></tr>`;
}

function requestForm(slot: AccessSlot, session: WebSession): SafeHtml {
  if (slot.roles.length === 0)
    return html`<p class="muted">This port's contract declares no roles: there is nothing to request. Ask the owning team to declare one.</p>`;
  const action = `/products/${encodeURIComponent(slot.product)}/ports/${encodeURIComponent(slot.port)}/access`;
  const options = slot.roles.map((r) => html`<option value="${r.role}">${r.role} (${r.access}${r.levels === 2 ? ', two approvals' : ''})</option>`);
  return html`<form class="control request-access" method="post" action="${action}">${csrfField(session)}
<label>Role <select name="role" required>${options}</select></label>
<label>Purpose <input type="text" name="purpose" maxlength="500" size="50" placeholder="why your team needs it"></label>
<label>Until <input type="date" name="until"></label>
<button type="submit">Request access</button>
</form>`;
}

/** What a signed-in reader sees in a port's slot: the grants and requests it may see (`requests`), and the form when it may request. */
export function portAccess(slot: AccessSlot, requests: AccessRequest[] | undefined, session: WebSession, owner: string | null): SafeHtml {
  const t = session.token;
  if (requests === undefined) return html`<div class="access"><p class="muted">A privacy token neither reads nor requests access.</p></div>`;
  const ownsIt = !t.admin && t.team !== null && t.team === owner;
  const rows = requests.filter((r) => r.port === slot.port && SHOWN.includes(r.state)).map(requestRow);
  const title = t.admin || ownsIt ? 'Grants and requests on this port' : "Your team's grants and requests on this port";
  const table =
    rows.length > 0
      ? html`<table class="grants"><thead><tr><th>Team</th><th>Role</th><th>State</th><th>Purpose</th><th>Until</th><th>Request</th></tr></thead><tbody>${rows}</tbody></table>`
      : html`<p class="muted">None.</p>`;
  const action = ownsIt
    ? html`<p>Your team owns this product: decide on requests in <a href="/access/queue">your queue</a>.</p>`
    : t.admin
      ? html`<p class="muted">An admin token requests nothing for itself: sign in with a team's token to request access.</p>`
      : requestForm(slot, session);
  return html`<div class="access"><h4>${title}</h4>${table}${action}</div>`;
}

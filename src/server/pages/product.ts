/**
 * The product page: what a consumer needs to judge a product. Purpose, usage
 * and limitations; owners and support; every port with its contract; the
 * versions with their changelog; upstream products and downstream consumers.
 */
import { isRecord, records, str, type ManagementPort, type OutputPort, type InputPort, type SupportChannel, type TeamMember } from '../../descriptor/model.js';
import type { Edge, PublishedDocument, VersionRecord, VersionSummary } from '../../catalog/store.js';
import { html, productHref, safeUrl, trusted, type HtmlValue, type SafeHtml } from '../html.js';
import { renderContract } from './contract.js';
import { renderGuarantees } from './guarantees.js';
import { badge, displayValue, formatAge, formatTime, renderPage, statusBadge } from './layout.js';
import { renderVersions } from './versions.js';

export interface ProductData {
  record: VersionRecord;
  versions: VersionSummary[];
  upstream: Edge[];
  consumers: Edge[];
  now: Date;
}

/** What fills the slots of a body: the version shown, and the catalog around it now. */
export interface PageState {
  shown: { productId: string; version: string; publishedAt: string };
  versions: VersionSummary[];
  upstream: Edge[];
  consumers: Edge[];
  now: Date;
}

export type Slot =
  | { slot: 'consumers' | 'providers'; port: string }
  | { slot: 'notice' | 'age' | 'lineage' | 'versions' };
/** A stored body: HTML and slots, in order. */
export type BodyPart = string | Slot;
type Hole = (slot: Slot) => SafeHtml;

function link(url: unknown, text: HtmlValue): SafeHtml {
  const href = safeUrl(url);
  return href ? html`<a href="${href}" rel="noopener noreferrer">${text}</a>` : html`${text}`;
}

function description(d: Record<string, unknown>): SafeHtml {
  const part = (label: string, value: unknown) => html`<dt>${label}</dt><dd>${displayValue(value) || html`<span class="muted">not stated</span>`}</dd>`;
  return html`<dl class="props">${part('Purpose', d.purpose)}${part('Usage', d.usage)}${part('Limitations', d.limitations)}</dl>`;
}

function owners(descriptor: Record<string, unknown>): SafeHtml {
  const team = isRecord(descriptor.team) ? descriptor.team : {};
  const members = records<TeamMember>(team.members).map(([m]) => html`<li>${m.name ? `${displayValue(m.name)} ` : ''}<code>${displayValue(m.username)}</code>${m.role ? ` (${displayValue(m.role)})` : ''}</li>`);
  const support = records<SupportChannel>(descriptor.support).map(([s]) => html`<li>${link(s.url, displayValue(s.channel))}${s.tool ? ` on ${displayValue(s.tool)}` : ''}${s.scope ? ` (${displayValue(s.scope)})` : ''}</li>`);
  return html`<h2 id="owners">Owners and support</h2>
<p>Team: <strong>${displayValue(team.name) || 'not stated'}</strong>${team.description ? html` — ${displayValue(team.description)}` : ''}</p>
${members.length > 0 ? html`<ul class="members">${members}</ul>` : html`<p class="muted">No team members listed.</p>`}
<h3>Support</h3>
${support.length > 0 ? html`<ul class="support">${support}</ul>` : html`<p class="muted">No support channel listed.</p>`}`;
}

function contractFor(contracts: PublishedDocument[], contractId: string | undefined): PublishedDocument | undefined {
  return contractId === undefined ? undefined : contracts.find((c) => c.value.id === contractId);
}

/** Who consumes one output port (a slot: consumers change without a new version). */
export function consumedBy(port: string, consumers: Edge[]): SafeHtml {
  const users = consumers.filter((e) => e.from.port === port);
  const shown = users.slice(0, MAX_LISTED);
  return html`${users.length > 0 ? shown.map((e, i) => html`${i > 0 ? ', ' : ''}<a href="${productHref(e.to.product)}">${e.to.product}</a>`) : html`<span class="muted">no product yet</span>`}${users.length > shown.length ? ` and ${users.length - shown.length} more` : ''}`;
}

function outputPort(port: OutputPort, contracts: PublishedDocument[], hole: Hole): SafeHtml {
  const contract = contractFor(contracts, str(port.contractId));
  return html`<section class="port output" id="port-${displayValue(port.name)}">
<h3>${displayValue(port.name)} <span class="muted">v${displayValue(port.version)}${port.type ? ` · ${displayValue(port.type)}` : ''}</span></h3>
${port.description ? html`<p>${displayValue(port.description)}</p>` : null}
<p>Consumed by: ${hole({ slot: 'consumers', port: String(port.name) })}</p>
${contract ? renderContract(contract.value, contract.file) : html`<p class="notice">Contract <code>${displayValue(port.contractId)}</code> is not part of this version.</p>`}
</section>`;
}

/** Which products provide one input port (a slot, like `consumedBy`). */
export function providedBy(port: string, upstream: Edge[]): SafeHtml {
  const from = upstream.filter((e) => e.to.port === port);
  return from.length > 0 ? html`${from.map((e) => html`<a href="${productHref(e.from.product)}">${e.from.product}</a> (${e.from.port})`)}` : html`<span class="muted">outside the catalog</span>`;
}

function inputPorts(descriptor: Record<string, unknown>, hole: Hole): SafeHtml {
  const rows = records<InputPort>(descriptor.inputPorts).map(([p]) => {
    return html`<tr><td>${displayValue(p.name)}</td><td>${displayValue(p.version)}</td><td><code>${displayValue(p.contractId)}</code></td><td>${hole({ slot: 'providers', port: String(p.name) })}</td></tr>`;
  });
  if (rows.length === 0) return html`<p class="muted">No input ports.</p>`;
  return html`<table><thead><tr><th>Port</th><th>Version</th><th>Contract consumed</th><th>Provided by</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function managementPorts(descriptor: Record<string, unknown>): SafeHtml | null {
  const ports = records<ManagementPort>(descriptor.managementPorts);
  if (ports.length === 0) return null;
  const rows = ports.map(([p]) => html`<tr><td>${displayValue(p.name)}</td><td>${displayValue(p.content)}</td><td>${displayValue(p.type)}</td><td>${p.url ? link(p.url, displayValue(p.url)) : displayValue(p.channel)}</td></tr>`);
  return html`<h2 id="management">Management ports</h2><table><thead><tr><th>Port</th><th>Content</th><th>Type</th><th>Where</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Products listed per section; a product consumed by thousands links to the API for the full list. */
const MAX_LISTED = 200;

function neighbours(title: string, id: string, edges: Edge[], side: 'from' | 'to', productId: string): SafeHtml {
  const byProduct = new Map<string, string[]>();
  for (const e of edges) {
    const ports = byProduct.get(e[side].product);
    if (ports) ports.push(`${e.from.port} → ${e.to.port}`);
    else byProduct.set(e[side].product, [`${e.from.port} → ${e.to.port}`]);
  }
  const products = [...byProduct.keys()].sort();
  const items = products.slice(0, MAX_LISTED).map((p) => html`<li><a href="${productHref(p)}">${p}</a> <span class="muted">(${byProduct.get(p)!.join(', ')})</span></li>`);
  const api = `/api/products/${encodeURIComponent(productId)}/${side === 'from' ? 'upstream' : 'consumers'}`;
  const more = products.length > MAX_LISTED ? html`<li class="muted">and ${products.length - MAX_LISTED} more (<a href="${api}">full list</a>)</li>` : null;
  return html`<h3 id="${id}">${title}</h3>${items.length > 0 ? html`<ul>${items}${more}</ul>` : html`<p class="muted">None.</p>`}`;
}

function validation(record: VersionRecord): SafeHtml {
  const v = record.validation;
  return html`<p class="muted">Validated by dp ${v.dpVersion}: ${v.errors} errors, ${v.warnings} warnings, ${v.infos} notes${v.suppressed ? `, ${v.suppressed} suppressed` : ''}.</p>`;
}

/**
 * The version's own part of the page, which never changes (published versions are immutable), with
 * slots for what does: consumers and providers of ports, the notice of a newer version, the age,
 * lineage and versions. Rendered once and kept by the store (src/server/page-bodies.ts), or at each
 * request for versions without one.
 */
export function renderBody(record: VersionRecord): BodyPart[] {
  const slots: Slot[] = [];
  const hole: Hole = (slot) => trusted(`\u0000${slots.push(slot) - 1}\u0000`);
  const descriptor = record.documents.descriptor.value;
  const d = isRecord(descriptor.description) ? descriptor.description : {};
  const tags = Array.isArray(descriptor.tags) ? descriptor.tags.map((t) => badge(`#${displayValue(t)}`)) : [];
  const outputs = records<OutputPort>(descriptor.outputPorts).map(([p]) => outputPort(p, record.documents.contracts, hole));
  const body = html`<p><a href="/">← All products</a> · <a href="/mesh?around=${encodeURIComponent(record.productId)}">Mesh around this product</a></p>
<h1>${record.name ?? record.productId} <span class="muted">v${record.version}</span></h1>
${hole({ slot: 'notice' })}
<div class="badges"><code>${record.productId}</code>${badge(record.domain ? `domain: ${record.domain}` : null)}${badge(record.team ? `team: ${record.team}` : null)}${statusBadge(record.status)}${tags}</div>
<p class="muted">Published ${formatTime(record.publishedAt)} (${hole({ slot: 'age' })}) by ${record.publisher} · digest <code>${record.digest.slice(0, 19)}</code></p>
${validation(record)}
<h2 id="about">About</h2>
${description(d)}
${renderGuarantees(descriptor, record.documents.contracts)}
${owners(descriptor)}
<h2 id="outputs">Output ports</h2>
${outputs.length > 0 ? outputs : html`<p class="muted">No output ports.</p>`}
<h2 id="inputs">Input ports</h2>
${inputPorts(descriptor, hole)}
${managementPorts(descriptor)}
<h2 id="lineage">Upstream and downstream</h2>
${hole({ slot: 'lineage' })}
${hole({ slot: 'versions' })}`;
  // Escaping turns every NUL of the data into U+FFFD: the only NULs left are the slots'.
  return body.value.split('\u0000').map((part, i) => (i % 2 === 0 ? part : slots[Number(part)]));
}

function fill(slot: Slot, data: PageState): HtmlValue {
  const { productId, version, publishedAt } = data.shown;
  switch (slot.slot) {
    case 'consumers':
      return consumedBy(slot.port, data.consumers);
    case 'providers':
      return providedBy(slot.port, data.upstream);
    case 'notice': {
      const latest = data.versions[0]?.version;
      return latest && latest !== version ? html`<p class="notice">You are looking at an older version. The latest is <a href="${productHref(productId)}">${latest}</a>.</p>` : null;
    }
    case 'age':
      return formatAge(publishedAt, data.now);
    case 'lineage':
      return html`${neighbours('Upstream products (this product consumes)', 'upstream', data.upstream, 'from', productId)}
${neighbours('Downstream consumers (consume this product)', 'consumers', data.consumers, 'to', productId)}`;
    case 'versions':
      return renderVersions(productId, data.versions, version);
  }
}

/**
 * The page, as bytes, from a body and what changes between requests. A stored body arrives as
 * bytes (src/server/page-bodies.ts) and goes out as they are: only the slots and the frame are
 * encoded, never the kilobytes of the version's own markup.
 */
export function assemble(body: ReadonlyArray<string | Buffer | Slot>, title: string, data: PageState): Buffer {
  // The title is escaped (a NUL in it becomes U+FFFD): the only NUL is the body's place.
  const [top, bottom] = renderPage({ title, body: trusted('\u0000') }).split('\u0000');
  const chunks: Buffer[] = [Buffer.from(top, 'utf8')];
  for (const part of body) {
    if (Buffer.isBuffer(part)) chunks.push(part);
    else chunks.push(Buffer.from(typeof part === 'string' ? part : html`${fill(part, data)}`.value, 'utf8'));
  }
  chunks.push(Buffer.from(bottom, 'utf8'));
  return Buffer.concat(chunks);
}

export function renderProduct(data: ProductData): string {
  const { record } = data;
  return assemble(renderBody(record), record.name ?? record.productId, { ...data, shown: record }).toString('utf8');
}

/**
 * The product page: what a consumer needs to judge a product. Purpose, usage
 * and limitations; owners and support; every port with its contract; the
 * versions with their changelog; upstream products and downstream consumers.
 */
import { isRecord, records, str, type ManagementPort, type OutputPort, type InputPort, type SupportChannel, type TeamMember } from '../../descriptor/model.js';
import type { Edge, PublishedDocument, VersionRecord, VersionSummary } from '../../catalog/store.js';
import type { StoredRun } from '../../catalog/runs.js';
import { renderEvidence } from './evidence.js';
import { html, productHref, safeUrl, type HtmlValue, type SafeHtml } from '../html.js';
import { renderContract } from './contract.js';
import { renderGuarantees } from './guarantees.js';
import { badge, displayValue, formatAge, formatTime, renderPage, statusBadge } from './layout.js';
import { renderVersions } from './versions.js';
import { accessSlot } from './port-access.js';
import { contractRoles } from '../../control/port.js';

export interface ProductData {
  record: VersionRecord;
  versions: VersionSummary[];
  upstream: Edge[];
  consumers: Edge[];
  /** The latest test run of each output port and server, and the product's recent runs (newest first). */
  latestRuns?: StoredRun[];
  runs?: StoredRun[];
  now: Date;
}

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
  const members = records<TeamMember>(team.members).map(
    ([m]) => html`<li>${m.name ? `${displayValue(m.name)} ` : ''}<code>${displayValue(m.username)}</code>${m.role ? ` (${displayValue(m.role)})` : ''}</li>`,
  );
  const support = records<SupportChannel>(descriptor.support).map(
    ([s]) =>
      html`<li>${link(s.url, displayValue(s.channel))}${s.tool ? ` on ${displayValue(s.tool)}` : ''}${s.scope ? ` (${displayValue(s.scope)})` : ''}</li>`,
  );
  return html`<h2 id="owners">Owners and support</h2>
<p>Team: <strong>${displayValue(team.name) || 'not stated'}</strong>${team.description ? html` — ${displayValue(team.description)}` : ''}</p>
${members.length > 0 ? html`<ul class="members">${members}</ul>` : html`<p class="muted">No team members listed.</p>`}
<h3>Support</h3>
${support.length > 0 ? html`<ul class="support">${support}</ul>` : html`<p class="muted">No support channel listed.</p>`}`;
}

function contractFor(contracts: PublishedDocument[], contractId: string | undefined): PublishedDocument | undefined {
  return contractId === undefined ? undefined : contracts.find((c) => c.value.id === contractId);
}

/** Who consumes one output port. */
export function consumedBy(port: string, consumers: Edge[]): SafeHtml {
  const users = consumers.filter((e) => e.from.port === port);
  const shown = users.slice(0, MAX_LISTED);
  return html`${users.length > 0 ? shown.map((e, i) => html`${i > 0 ? ', ' : ''}<a href="${productHref(e.to.product)}">${e.to.product}</a>`) : html`<span class="muted">no product yet</span>`}${users.length > shown.length ? ` and ${users.length - shown.length} more` : ''}`;
}

/** `latestOf`: the product's id when the page is of its latest version: its ports get their access slot (grants and the request form). */
function outputPort(port: OutputPort, contracts: PublishedDocument[], consumers: Edge[], evidence: SafeHtml, latestOf: string | undefined): SafeHtml {
  const contract = contractFor(contracts, str(port.contractId));
  return html`<section class="port output" id="port-${displayValue(port.name)}">
<h3>${displayValue(port.name)} <span class="muted">v${displayValue(port.version)}${port.type ? ` · ${displayValue(port.type)}` : ''}</span></h3>
${port.description ? html`<p>${displayValue(port.description)}</p>` : null}
<p>Consumed by: ${consumedBy(String(port.name), consumers)}</p>
${evidence}
${latestOf !== undefined && typeof port.name === 'string' ? accessSlot(latestOf, port.name, contract ? contractRoles(contract.value) : []) : null}
${contract ? renderContract(contract.value, contract.file) : html`<p class="notice">Contract <code>${displayValue(port.contractId)}</code> is not part of this version.</p>`}
</section>`;
}

/** Which products provide one input port. */
export function providedBy(port: string, upstream: Edge[]): SafeHtml {
  const from = upstream.filter((e) => e.to.port === port);
  return from.length > 0
    ? html`${from.map((e) => html`<a href="${productHref(e.from.product)}">${e.from.product}</a> (${e.from.port})`)}`
    : html`<span class="muted">outside the catalog</span>`;
}

function inputPorts(descriptor: Record<string, unknown>, upstream: Edge[]): SafeHtml {
  const rows = records<InputPort>(descriptor.inputPorts).map(([p]) => {
    return html`<tr><td>${displayValue(p.name)}</td><td>${displayValue(p.version)}</td><td><code>${displayValue(p.contractId)}</code></td><td>${providedBy(String(p.name), upstream)}</td></tr>`;
  });
  if (rows.length === 0) return html`<p class="muted">No input ports.</p>`;
  return html`<table><thead><tr><th>Port</th><th>Version</th><th>Contract consumed</th><th>Provided by</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function managementPorts(descriptor: Record<string, unknown>): SafeHtml | null {
  const ports = records<ManagementPort>(descriptor.managementPorts);
  if (ports.length === 0) return null;
  const rows = ports.map(
    ([p]) =>
      html`<tr><td>${displayValue(p.name)}</td><td>${displayValue(p.content)}</td><td>${displayValue(p.type)}</td><td>${p.url ? link(p.url, displayValue(p.url)) : displayValue(p.channel)}</td></tr>`,
  );
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
  const items = products
    .slice(0, MAX_LISTED)
    .map((p) => html`<li><a href="${productHref(p)}">${p}</a> <span class="muted">(${byProduct.get(p)!.join(', ')})</span></li>`);
  const api = `/api/products/${encodeURIComponent(productId)}/${side === 'from' ? 'upstream' : 'consumers'}`;
  const more = products.length > MAX_LISTED ? html`<li class="muted">and ${products.length - MAX_LISTED} more (<a href="${api}">full list</a>)</li>` : null;
  return html`<h3 id="${id}">${title}</h3>${items.length > 0 ? html`<ul>${items}${more}</ul>` : html`<p class="muted">None.</p>`}`;
}

function validation(record: VersionRecord): SafeHtml {
  const v = record.validation;
  return html`<p class="muted">Validated by dp ${v.dpVersion}: ${v.errors} errors, ${v.warnings} warnings, ${v.infos} notes${v.suppressed ? `, ${v.suppressed} suppressed` : ''}.</p>`;
}

function notice(record: VersionRecord, versions: VersionSummary[]): SafeHtml | null {
  const latest = versions[0]?.version;
  return latest && latest !== record.version
    ? html`<p class="notice">You are looking at an older version. The latest is <a href="${productHref(record.productId)}">${latest}</a>.</p>`
    : null;
}

/** The page of one version, with the catalog around it now: its consumers and providers, the versions, its age. */
export function renderProduct(data: ProductData): string {
  const { record, upstream, consumers, versions, now } = data;
  const descriptor = record.documents.descriptor.value;
  const d = isRecord(descriptor.description) ? descriptor.description : {};
  const tags = Array.isArray(descriptor.tags) ? descriptor.tags.map((t) => badge(`#${displayValue(t)}`)) : [];
  const latestOf = (versions[0]?.version ?? record.version) === record.version ? record.productId : undefined;
  const evidence = (port: string) => renderEvidence(port, data.latestRuns ?? [], data.runs ?? [], consumers, now);
  const outputs = records<OutputPort>(descriptor.outputPorts).map(([p]) =>
    outputPort(p, record.documents.contracts, consumers, evidence(String(p.name)), latestOf),
  );
  const body = html`<p><a href="/">← All products</a> · <a href="/mesh?around=${encodeURIComponent(record.productId)}">Mesh around this product</a></p>
<h1>${record.name ?? record.productId} <span class="muted">v${record.version}</span></h1>
${notice(record, versions)}
<div class="badges"><code>${record.productId}</code>${badge(record.domain ? `domain: ${record.domain}` : null)}${badge(record.team ? `team: ${record.team}` : null)}${statusBadge(record.status)}${tags}</div>
<p class="muted">Published ${formatTime(record.publishedAt)} (${formatAge(record.publishedAt, now)}) by ${record.publisher} · digest <code>${record.digest.slice(0, 19)}</code></p>
${validation(record)}
<h2 id="about">About</h2>
${description(d)}
${renderGuarantees(descriptor, record.documents.contracts)}
${owners(descriptor)}
<h2 id="outputs">Output ports</h2>
${outputs.length > 0 ? outputs : html`<p class="muted">No output ports.</p>`}
<h2 id="inputs">Input ports</h2>
${inputPorts(descriptor, upstream)}
${managementPorts(descriptor)}
<h2 id="lineage">Upstream and downstream</h2>
${neighbours('Upstream products (this product consumes)', 'upstream', upstream, 'from', record.productId)}
${neighbours('Downstream consumers (consume this product)', 'consumers', consumers, 'to', record.productId)}
${renderVersions(record.productId, versions, record.version)}`;
  return renderPage({ title: record.name ?? record.productId, body });
}

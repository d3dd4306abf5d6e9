/** The home page: a search box, facets (domain, team, status, quality, metadata age) and one page of products. */
import type { Facets, ProductPage, ProductSummary } from '../../catalog/store.js';
import type { Quality } from '../../catalog/runs.js';
import { html, productHref, queryString, type SafeHtml } from '../html.js';
import { badge, formatAge, renderPage, statusBadge } from './layout.js';

export const PAGE_SIZE = 25;

/**
 * Metadata age choices (when the latest version was published, not how fresh the data is: that is
 * the quality facet's evidence): the value in the query string (`fresh`, kept for links made
 * before), its label, and its age in days.
 */
export const METADATA_AGE: Array<{ value: string; label: string; days: number }> = [
  { value: '1d', label: 'published in the last 24 hours', days: 1 },
  { value: '7d', label: 'published in the last 7 days', days: 7 },
  { value: '30d', label: 'published in the last 30 days', days: 30 },
  { value: '90d', label: 'published in the last 90 days', days: 90 },
  { value: '365d', label: 'published in the last year', days: 365 },
];

/** How the quality facet names each value. */
const QUALITY_LABELS: Record<Quality, string> = { passing: 'passing', failing: 'failing', untested: 'untested' };

export interface HomeQuery {
  q?: string;
  domain?: string;
  team?: string;
  status?: string;
  quality?: Quality;
  fresh?: string;
  page: number;
}

export interface HomeData {
  query: HomeQuery;
  page: ProductPage;
  facets: Facets;
  now: Date;
  /** The quality of a listed product (by its latest test runs). */
  qualityOf?: (productId: string) => Quality;
}

/** The ISO time a metadata age choice starts at, or undefined for "any time". */
export function freshSince(fresh: string | undefined, now: Date): string | undefined {
  const choice = METADATA_AGE.find((f) => f.value === fresh);
  return choice ? new Date(now.getTime() - choice.days * 86400_000).toISOString() : undefined;
}

/**
 * Facet lists rendered without a selection, by the list they render. The server's facets are one
 * object per catalog state (src/server/respond.ts), so most search pages reuse the markup of their
 * facets instead of escaping every team and domain again (most of a search page's rendering).
 */
const unselectedFacets = new WeakMap<object, SafeHtml>();

function facetSelect(name: string, label: string, values: Array<{ value: string; count: number }>, chosen: string | undefined): SafeHtml {
  // An empty choice (the form's "any") selects nothing.
  const selected = chosen || undefined;
  const known = selected === undefined ? unselectedFacets.get(values) : undefined;
  if (known) return known;
  const options = values.map((v) => html`<option value="${v.value}"${v.value === selected ? ' selected' : ''}>${v.value} (${v.count})</option>`);
  const select = html`<fieldset><legend>${label}</legend><select name="${name}" aria-label="${label}"><option value="">any</option>${options}</select></fieldset>`;
  if (selected === undefined) unselectedFacets.set(values, select);
  return select;
}

function metadataAgeSelect(selected: string | undefined): SafeHtml {
  const options = METADATA_AGE.map((f) => html`<option value="${f.value}"${f.value === selected ? ' selected' : ''}>${f.label}</option>`);
  return html`<fieldset><legend>Metadata age</legend><select name="fresh" aria-label="Metadata age"><option value="">any time</option>${options}</select></fieldset>`;
}

function qualitySelect(values: Facets['quality'], selected: Quality | undefined): SafeHtml {
  const options = values.map(
    (v) => html`<option value="${v.value}"${v.value === selected ? ' selected' : ''}>${QUALITY_LABELS[v.value]} (${v.count})</option>`,
  );
  return html`<fieldset><legend>Quality</legend><select name="quality" aria-label="Quality (latest test runs)"><option value="">any</option>${options}</select></fieldset>`;
}

/** The badge of a product's quality, by its latest test runs. */
export function qualityBadge(quality: Quality | undefined): SafeHtml | null {
  if (quality === undefined) return null;
  return html`<span class="badge quality-${quality}" title="by the latest test run of each output port">quality: ${QUALITY_LABELS[quality]}</span>`;
}

function productCard(p: ProductSummary, now: Date, quality: Quality | undefined): SafeHtml {
  return html`<article class="card product">
<h3><a href="${productHref(p.id)}">${p.name ?? p.id}</a> <span class="muted">${p.id} · v${p.version}</span></h3>
<div class="badges">${badge(p.domain ? `domain: ${p.domain}` : null)}${badge(p.team ? `team: ${p.team}` : null)}${statusBadge(p.status)}${qualityBadge(quality)}${p.tags.map((t) => badge(`#${t}`))}</div>
<p class="purpose">${p.purpose ?? ''}</p>
<p class="muted">Published ${formatAge(p.publishedAt, now)} by ${p.publisher} · ${p.versionCount} version${p.versionCount === 1 ? '' : 's'}</p>
</article>`;
}

function pager(query: HomeQuery, total: number): SafeHtml | null {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) return null;
  const link = (page: number) =>
    `/${queryString({ q: query.q, domain: query.domain, team: query.team, status: query.status, quality: query.quality, fresh: query.fresh, page: page === 1 ? undefined : page })}`;
  const prev = query.page > 1 ? html`<a rel="prev" href="${link(query.page - 1)}">← Previous</a>` : null;
  const next = query.page < pages ? html`<a rel="next" href="${link(query.page + 1)}">Next →</a>` : null;
  return html`<nav class="pages" aria-label="pages">${prev}<span>Page ${query.page} of ${pages}</span>${next}</nav>`;
}

export function renderHome(data: HomeData): string {
  const { query, page, facets, now } = data;
  const first = (query.page - 1) * PAGE_SIZE + 1;
  const range = page.total === 0 ? 'No products match.' : `${first}–${first + page.items.length - 1} of ${page.total} product${page.total === 1 ? '' : 's'}`;
  const body = html`<h1>Data products</h1>
<form class="search" method="get" action="/" role="search" data-autosubmit>
<input type="search" name="q" value="${query.q ?? ''}" placeholder="Search names, descriptions, tags, fields" aria-label="Search products">
<button type="submit">Search</button>
</form>
<div class="layout">
<form class="facets" method="get" action="/" data-autosubmit aria-label="filters">
<input type="hidden" name="q" value="${query.q ?? ''}">
${facetSelect('domain', 'Domain', facets.domains, query.domain)}
${facetSelect('team', 'Team', facets.teams, query.team)}
${facetSelect('status', 'Status', facets.statuses, query.status)}
${qualitySelect(facets.quality, query.quality)}
${metadataAgeSelect(query.fresh)}
<noscript><button type="submit">Filter</button></noscript>
</form>
<section aria-label="products">
<p class="muted" id="result-count">${range}</p>
${page.items.map((p) => productCard(p, now, data.qualityOf?.(p.id)))}
${pager(query, page.total)}
</section>
</div>`;
  return renderPage({ title: query.q ? `Search: ${query.q}` : 'Products', body });
}

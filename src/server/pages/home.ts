/** The home page: a search box, facets (domain, team, status, freshness) and one page of products. */
import type { Facets, ProductPage, ProductSummary } from '../../catalog/store.js';
import { html, productHref, queryString, type SafeHtml } from '../html.js';
import { badge, formatAge, renderPage, statusBadge } from './layout.js';

export const PAGE_SIZE = 25;

/** Freshness choices: the value in the query string, its label, and its age in days. */
export const FRESHNESS: Array<{ value: string; label: string; days: number }> = [
  { value: '1d', label: 'last 24 hours', days: 1 },
  { value: '7d', label: 'last 7 days', days: 7 },
  { value: '30d', label: 'last 30 days', days: 30 },
  { value: '90d', label: 'last 90 days', days: 90 },
  { value: '365d', label: 'last year', days: 365 },
];

export interface HomeQuery {
  q?: string;
  domain?: string;
  team?: string;
  status?: string;
  fresh?: string;
  page: number;
}

export interface HomeData {
  query: HomeQuery;
  page: ProductPage;
  facets: Facets;
  now: Date;
}

/** The ISO time a freshness choice starts at, or undefined for "any time". */
export function freshSince(fresh: string | undefined, now: Date): string | undefined {
  const choice = FRESHNESS.find((f) => f.value === fresh);
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

function freshnessSelect(selected: string | undefined): SafeHtml {
  const options = FRESHNESS.map((f) => html`<option value="${f.value}"${f.value === selected ? ' selected' : ''}>${f.label}</option>`);
  return html`<fieldset><legend>Freshness</legend><select name="fresh" aria-label="Freshness"><option value="">any time</option>${options}</select></fieldset>`;
}

function productCard(p: ProductSummary, now: Date): SafeHtml {
  return html`<article class="card product">
<h3><a href="${productHref(p.id)}">${p.name ?? p.id}</a> <span class="muted">${p.id} · v${p.version}</span></h3>
<div class="badges">${badge(p.domain ? `domain: ${p.domain}` : null)}${badge(p.team ? `team: ${p.team}` : null)}${statusBadge(p.status)}${p.tags.map((t) => badge(`#${t}`))}</div>
<p class="purpose">${p.purpose ?? ''}</p>
<p class="muted">Published ${formatAge(p.publishedAt, now)} by ${p.publisher} · ${p.versionCount} version${p.versionCount === 1 ? '' : 's'}</p>
</article>`;
}

function pager(query: HomeQuery, total: number): SafeHtml | null {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) return null;
  const link = (page: number) => `/${queryString({ q: query.q, domain: query.domain, team: query.team, status: query.status, fresh: query.fresh, page: page === 1 ? undefined : page })}`;
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
${freshnessSelect(query.fresh)}
<noscript><button type="submit">Filter</button></noscript>
</form>
<section aria-label="products">
<p class="muted" id="result-count">${range}</p>
${page.items.map((p) => productCard(p, now))}
${pager(query, page.total)}
</section>
</div>`;
  return renderPage({ title: query.q ? `Search: ${query.q}` : 'Products', body });
}

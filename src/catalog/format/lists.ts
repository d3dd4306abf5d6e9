/** Tables for product lists, search results, versions and consumers. */
import type { Edge, ProductPage, VersionSummary } from '../store.js';
import { changeCounts } from './changes.js';
import { day, minute, plural, table, type Colors } from './text.js';

const clip = (s: string | null, n: number): string => (s === null ? '' : s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function productTable(page: ProductPage, c: Colors, what = 'product', many = `${what}s`): string {
  if (page.items.length === 0) return `no ${many}\n`;
  const rows = page.items.map((p) => [p.id, p.version, p.domain ?? '', p.team ?? '', p.status ?? '', day(p.publishedAt), clip(p.purpose, 60)]);
  const more = page.total > page.items.length ? `\n${page.items.length} of ${page.total} shown (use --limit)` : `\n${plural(page.total, what, many)}`;
  return `${table(['ID', 'VERSION', 'DOMAIN', 'TEAM', 'STATUS', 'PUBLISHED', 'PURPOSE'], rows, c)}\n${more.trimStart()}\n`;
}

export function versionTable(versions: VersionSummary[], c: Colors): string {
  const rows = versions.map((v) => [v.version, minute(v.publishedAt), v.publisher, v.digest.slice(0, 19), v.previousVersion ? `${changeCounts(v.changes)} since ${v.previousVersion}` : 'first version']);
  return `${table(['VERSION', 'PUBLISHED (UTC)', 'PUBLISHER', 'DIGEST', 'CHANGES'], rows, c)}\n`;
}

export function consumerTable(edges: Edge[], c: Colors): string {
  const rows = edges.map((e) => [e.to.product, e.to.port, `${e.from.product}:${e.from.port}`, e.from.contractId]);
  return `${table(['CONSUMER', 'INPUT PORT', 'CONSUMES', 'CONTRACT'], rows, c)}\n`;
}

/** Tables for product lists, search results, versions and consumers. */
import { terminalSafe } from '../../util/terminal.js';
import type { Edge, ProductPage, VersionSummary } from '../store.js';
import { changeCounts, changeLines } from './changes.js';
import { day, minute, plural, table, type Colors } from './text.js';

const clip = (s: string | null, n: number): string => (s === null ? '' : s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function productTable(unsafe: ProductPage, c: Colors, what = 'product', many = `${what}s`): string {
  const page = terminalSafe(unsafe);
  if (page.items.length === 0) return `no ${many}\n`;
  const rows = page.items.map((p) => [p.id, p.version, p.domain ?? '', p.team ?? '', p.status ?? '', day(p.publishedAt), clip(p.purpose, 60)]);
  const more = page.total > page.items.length ? `\n${page.items.length} of ${page.total} shown (use --limit)` : `\n${plural(page.total, what, many)}`;
  return `${table(['ID', 'VERSION', 'DOMAIN', 'TEAM', 'STATUS', 'PUBLISHED', 'PURPOSE'], rows, c)}\n${more.trimStart()}\n`;
}

export function versionTable(unsafe: VersionSummary[], c: Colors): string {
  const versions = terminalSafe(unsafe);
  const rows = versions.map((v) => [
    v.version,
    minute(v.publishedAt),
    v.publisher,
    v.digest.slice(0, 19),
    v.previousVersion ? `${changeCounts(v.changes)} since ${v.previousVersion}` : 'first version',
  ]);
  return `${table(['VERSION', 'PUBLISHED (UTC)', 'PUBLISHER', 'DIGEST', 'CHANGES'], rows, c)}\n`;
}

export function consumerTable(unsafe: Edge[], c: Colors): string {
  const edges = terminalSafe(unsafe);
  const rows = edges.map((e) => [e.to.product, e.to.port, `${e.from.product}:${e.from.port}`, e.from.contractId]);
  return `${table(['CONSUMER', 'INPUT PORT', 'CONSUMES', 'CONTRACT'], rows, c)}\n`;
}

/** The changes of each version that has some, after the table of `dp catalog versions --changes`. */
export function versionChanges(unsafe: VersionSummary[], c: Colors): string {
  return terminalSafe(unsafe)
    .filter((v) => v.changes.length > 0)
    .map((v) => `\n${c.bold(v.version)} (since ${v.previousVersion}):\n${changeLines(v.changes, c).join('\n')}\n`)
    .join('');
}

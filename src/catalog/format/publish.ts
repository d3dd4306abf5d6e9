/** Text report of a publish run: one block per product, then a summary line. */
import { terminalSafe, terminalText } from '../../util/terminal.js';
import type { PublishOutcome } from '../store.js';
import { changeCounts, changeLines, consumerLine } from './changes.js';
import { plural, type Colors } from './text.js';

/** Above this many, unchanged products are counted rather than listed. */
const LIST_UNCHANGED_UP_TO = 20;

export interface PublishCounts {
  published: number;
  unchanged: number;
  refused: number;
  wouldPublish: number;
}

export function countOutcomes(outcomes: PublishOutcome[]): PublishCounts {
  const n = (status: PublishOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  return { published: n('published'), unchanged: n('unchanged'), refused: n('refused'), wouldPublish: n('would-publish') };
}

function since(o: PublishOutcome): string {
  if (o.previousVersion === null) return 'new product';
  return `from ${o.previousVersion}: ${changeCounts(o.changes)}`;
}

function refusedBlock(o: PublishOutcome, c: Colors): string[] {
  // A product whose files were not read has no version to show.
  const ref = o.version ? `${o.productId}@${o.version}` : o.productId;
  const lines = [`${c.red('refused')} ${ref}${o.source && o.source !== ref ? c.dim(`  ${o.source}`) : ''}`];
  for (const r of o.refusals) lines.push(`  ${c.red('✖')} ${r.message}`);
  const breaking = o.changes.filter((ch) => ch.class === 'breaking');
  if (breaking.length > 0) lines.push(`  breaking changes against ${o.previousVersion}:`, ...changeLines(breaking, c, '    '));
  if (o.affectedConsumers.length > 0) {
    lines.push(`  affected consumers (${plural(new Set(o.affectedConsumers.map((e) => e.to.product)).size, 'product')}):`);
    lines.push(...o.affectedConsumers.map((e) => `    ${consumerLine(e, c)}`));
  } else if (breaking.length > 0) lines.push(c.dim('  no product in the catalog consumes the affected ports'));
  const grants = o.affectedGrants ?? [];
  if (grants.length > 0) {
    lines.push(`  teams holding grants on the affected ports (${plural(new Set(grants.map((g) => g.team)).size, 'team')}):`);
    lines.push(
      ...grants.map(
        (g) =>
          `    ${g.team} (${g.role}${g.purpose ? `, purpose: ${g.purpose}` : ''}) on port ${g.port}${g.until ? c.dim(` (grant ends ${g.until.slice(0, 16).replace('T', ' ')} UTC)`) : ''}`,
      ),
    );
  }
  return lines;
}

function outcomeBlock(o: PublishOutcome, c: Colors, dryRun: boolean, verbose: boolean): string[] {
  const ref = `${o.productId}@${o.version}`;
  switch (o.status) {
    case 'published':
      return [`${c.green('published')} ${ref} (${since(o)})`];
    case 'would-publish':
      return [`${c.cyan('would publish')} ${ref} (${since(o)})`, ...(verbose || dryRun ? changeLines(o.changes, c) : [])];
    case 'unchanged':
      return [`${c.dim('unchanged')} ${ref}: already published with the same content, nothing to do`];
    case 'refused':
      return refusedBlock(o, c);
  }
}

export function publishReport(unsafe: PublishOutcome[], catalog: string, dryRun: boolean, c: Colors): string {
  const outcomes = terminalSafe(unsafe);
  const counts = countOutcomes(outcomes);
  const listUnchanged = counts.unchanged <= LIST_UNCHANGED_UP_TO;
  const lines: string[] = [];
  for (const o of outcomes) {
    if (o.status === 'unchanged' && !listUnchanged) continue;
    lines.push(...outcomeBlock(o, c, dryRun, false));
  }
  const parts = dryRun
    ? [`${counts.wouldPublish} would be published`, `${counts.unchanged} unchanged`, `${counts.refused} refused`]
    : [`${counts.published} published`, `${counts.unchanged} unchanged`, `${counts.refused} refused`];
  lines.push('', `${dryRun ? 'dry run, nothing written: ' : ''}${parts.join(', ')} (catalog ${terminalText(catalog)})`);
  return `${lines.join('\n')}\n`;
}

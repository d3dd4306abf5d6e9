/** Text rendering of classified changes and of the consumers they affect. */
import { terminalSafe } from '../../util/terminal.js';
import type { Change, Edge } from '../store.js';
import { plural, type Colors } from './text.js';

export function changeLine(unsafe: Change, c: Colors): string {
  const change = terminalSafe(unsafe);
  const mark = change.class === 'breaking' ? c.red('breaking    ') : c.green('non-breaking');
  const ports = change.ports.length > 0 ? c.dim(` (port ${change.ports.join(', ')})`) : '';
  return `${mark}  ${change.message}${ports}  ${c.dim(change.ruleId)}`;
}

export function changeLines(changes: Change[], c: Colors, indent = '  '): string[] {
  return changes.map((ch) => indent + changeLine(ch, c));
}

export function changeCounts(changes: Change[]): string {
  const breaking = changes.filter((ch) => ch.class === 'breaking').length;
  const other = changes.length - breaking;
  if (changes.length === 0) return 'no changes';
  return [breaking > 0 ? plural(breaking, 'breaking change') : '', other > 0 ? plural(other, 'non-breaking change') : ''].filter(Boolean).join(', ');
}

export function consumerLine(unsafe: Edge, c?: Colors): string {
  const edge = terminalSafe(unsafe);
  const who = c ? c.yellow(edge.to.product) : edge.to.product;
  return `${who} (input port ${edge.to.port}) consumes ${edge.from.product}:${edge.from.port} (contract ${edge.from.contractId})`;
}

export interface DiffSide {
  label: string;
  productId: string;
}

/** `dp diff`: the two sides, a note when they are different products, and the changes. */
export function diffReport(unsafe: { before: DiffSide; after: DiffSide; changes: Change[] }, c: Colors): string {
  const { before, after, changes } = terminalSafe(unsafe);
  const head = `${before.label} -> ${after.label}: ${changeCounts(changes)}`;
  const other = before.productId !== after.productId ? c.yellow(`\nnote: comparing two different products (${before.productId}, ${after.productId})`) : '';
  return `${head}${other}\n${changeLines(changes, c).join('\n')}${changes.length > 0 ? '\n' : ''}`;
}

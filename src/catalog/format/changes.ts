/** Text rendering of classified changes and of the consumers they affect. */
import { terminalSafe } from '../../util/terminal.js';
import type { Change, Edge } from '../store.js';
import { plural, type Colors } from './text.js';

function mark(change: Change, c: Colors): string {
  if (change.class === 'breaking') return c.red('breaking    ');
  return change.class === 'ownership' ? c.yellow('ownership   ') : c.green('non-breaking');
}

export function changeLine(unsafe: Change, c: Colors): string {
  const change = terminalSafe(unsafe);
  const ports = change.ports.length > 0 ? c.dim(` (port ${change.ports.join(', ')})`) : '';
  return `${mark(change, c)}  ${change.message}${ports}  ${c.dim(change.ruleId)}`;
}

export function changeLines(changes: Change[], c: Colors, indent = '  '): string[] {
  return changes.map((ch) => indent + changeLine(ch, c));
}

export function changeCounts(changes: Change[]): string {
  const count = (cls: Change['class']) => changes.filter((ch) => ch.class === cls).length;
  if (changes.length === 0) return 'no changes';
  const parts: Array<[number, string, string?]> = [
    [count('breaking'), 'breaking change'],
    [count('ownership'), 'change of owner', 'changes of owner'],
    [count('non-breaking'), 'non-breaking change'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => plural(n, one, many))
    .join(', ');
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

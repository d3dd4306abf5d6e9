/**
 * From a path inside a YAML document to a source span. Findings point at the
 * value for wrong values, at the key for unknown keys, and at the parent for
 * missing keys, so editors and code scanning underline the right thing.
 */
import type { LineIndex, YNode, YPair } from './yaml/ast.js';

export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type PathSegment = string | number;
export type Target = 'value' | 'key';

/** What locating needs of a file (a SourceFile has all three). */
export interface Located {
  ast?: YNode;
  lines: Pick<LineIndex, 'linePos'>;
  text: string;
}

export function spanOfOffsets(lines: Pick<LineIndex, 'linePos'>, start: number, end: number): Span {
  const a = lines.linePos(start);
  const b = lines.linePos(Math.max(end, start));
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

interface Step {
  node: YNode | undefined;
  pair?: YPair;
}

/** Walks a path; returns the deepest node reached and how many segments matched. */
function walk(root: YNode, path: readonly PathSegment[]): { found: Step; depth: number } {
  let current: Step = { node: root };
  let depth = 0;
  for (const segment of path) {
    const node = current.node;
    let next: Step | undefined;
    if (node?.kind === 'map') {
      // With duplicate keys the last one wins, as when the document is read as data.
      const pair = node.pairs.findLast((p) => p.key === String(segment));
      if (pair) next = { node: pair.value, pair };
    } else if (node?.kind === 'seq' && typeof segment === 'number' && node.items[segment] !== undefined) {
      next = { node: node.items[segment] };
    }
    if (!next) break;
    current = next;
    depth += 1;
  }
  return { found: current, depth };
}

function firstLine(file: Located, start: number, end: number): Span {
  const newline = file.text.indexOf('\n', start);
  let stop = newline === -1 || newline > end ? end : newline;
  if (file.text[stop - 1] === '\r') stop -= 1;
  return spanOfOffsets(file.lines, start, Math.max(stop, start + 1));
}

function spanOfStep(file: Located, step: Step, target: Target): Span {
  const { node, pair } = step;
  if (pair && (target === 'key' || node === undefined || node.kind !== 'scalar' || node.end <= node.start)) {
    return spanOfOffsets(file.lines, pair.keyStart, pair.keyEnd);
  }
  if (!node) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  if (node.kind === 'scalar' && node.end > node.start) return spanOfOffsets(file.lines, node.start, node.end);
  return firstLine(file, node.start, Math.max(node.end, node.start + 1));
}

/**
 * The span of a path. `value`: the value, or the key when the value is a block
 * mapping or list (so a missing key is reported on its parent's key); `key`: the
 * key of the last segment (unknown keys). Falls back to the deepest existing
 * ancestor, so a finding always has a position.
 */
export function locate(file: Located, path: readonly PathSegment[], target: Target = 'value'): Span {
  if (!file.ast) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const { found, depth } = walk(file.ast, path);
  return spanOfStep(file, found, depth === path.length ? target : 'value');
}

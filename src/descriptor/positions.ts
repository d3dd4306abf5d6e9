/**
 * From a path inside a YAML document to a source span. Findings point at the
 * value for wrong values, at the key for unknown keys, and at the parent for
 * missing keys, so editors and code scanning underline the right thing.
 */
import { isAlias, isCollection, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';

export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type PathSegment = string | number;
export type Target = 'value' | 'key';

export function spanOfOffsets(lc: LineCounter, start: number, end: number): Span {
  const a = lc.linePos(start);
  const b = lc.linePos(Math.max(end, start));
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

interface Located {
  node: Node | null;
  pair?: Pair;
}

function keyName(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return undefined;
}

/** Walks a path; returns the deepest node reached and how many segments matched. */
function walk(doc: Document, path: readonly PathSegment[]): { found: Located; depth: number } {
  let current: Located = { node: doc.contents as Node | null };
  let depth = 0;
  for (const segment of path) {
    let node = current.node;
    if (node && isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? null;
    let next: Located | undefined;
    if (node && isMap(node)) {
      // With duplicate keys the last one wins, as when the document is read as data.
      const pair = node.items.findLast((p) => keyName(p as Pair) === String(segment)) as Pair | undefined;
      if (pair) next = { node: (pair.value as Node | null) ?? null, pair };
    } else if (node && isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (item !== undefined) next = { node: item };
    }
    if (!next) break;
    current = next;
    depth += 1;
  }
  return { found: current, depth };
}

function firstLine(lc: LineCounter, text: string, start: number, end: number): Span {
  const newline = text.indexOf('\n', start);
  const stop = newline === -1 || newline > end ? end : newline;
  return spanOfOffsets(lc, start, Math.max(stop, start + 1));
}

function rangeOf(node: Node | null | undefined): [number, number] | undefined {
  const range = node?.range;
  return range ? [range[0], range[1]] : undefined;
}

function spanOfLocated(doc: Document, lc: LineCounter, text: string, located: Located, target: Target): Span {
  const keyRange = rangeOf(located.pair?.key as Node | undefined);
  if (target === 'key' && keyRange) return spanOfOffsets(lc, keyRange[0], keyRange[1]);
  const valueRange = rangeOf(located.node);
  if (valueRange && valueRange[1] > valueRange[0] && !(isCollection(located.node) && keyRange)) {
    return isCollection(located.node)
      ? firstLine(lc, text, valueRange[0], valueRange[1])
      : spanOfOffsets(lc, valueRange[0], valueRange[1]);
  }
  if (keyRange) return spanOfOffsets(lc, keyRange[0], keyRange[1]);
  if (valueRange) return firstLine(lc, text, valueRange[0], Math.max(valueRange[1], valueRange[0] + 1));
  const root = rangeOf(doc.contents as Node | null);
  return root ? firstLine(lc, text, root[0], root[1]) : { line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/**
 * The span of a path. `value`: the value, or the key when the value is a block
 * mapping or list (so a missing key is reported on its parent's key); `key`: the
 * key of the last segment (unknown keys). Falls back to the deepest existing
 * ancestor, so a finding always has a position.
 */
export function locate(doc: Document | undefined, lc: LineCounter, text: string, path: readonly PathSegment[], target: Target = 'value'): Span {
  if (!doc) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const { found, depth } = walk(doc, path);
  return spanOfLocated(doc, lc, text, found, depth === path.length ? target : 'value');
}

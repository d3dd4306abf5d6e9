/** The position tree of a document parsed by the `yaml` library (used when the fast parser steps aside). */
import type { Document, Node, Pair } from 'yaml';
import type { YNode, YPair } from './ast.js';

/** The library's node tests, passed in so that this module does not load the library itself. */
export interface NodeTests {
  isMap: (node: unknown) => boolean;
  isScalar: (node: unknown) => node is { value: unknown };
  isSeq: (node: unknown) => boolean;
}

function keyText(key: unknown, t: NodeTests): string {
  if (t.isScalar(key)) return String(key.value);
  return String((key as { toString?: () => string })?.toString?.() ?? '');
}

function range(node: Node | null | undefined, fallback: number): [number, number] {
  const r = node?.range;
  return r ? [r[0], r[1]] : [fallback, fallback];
}

function convert(node: Node | null | undefined, fallback: number, depth: number, t: NodeTests): YNode {
  const [start, end] = range(node, fallback);
  if (depth > 200) return { kind: 'scalar', start, end };
  if (node && t.isMap(node)) {
    const pairs: YPair[] = (node as unknown as { items: Pair<Node, Node>[] }).items.map((pair) => {
      const [keyStart, keyEnd] = range(pair.key as Node, start);
      return { key: keyText(pair.key, t), keyStart, keyEnd, value: convert(pair.value as Node, keyEnd, depth + 1, t) };
    });
    return { kind: 'map', start, end, pairs };
  }
  if (node && t.isSeq(node))
    return { kind: 'seq', start, end, items: (node as unknown as { items: Node[] }).items.map((item) => convert(item, start, depth + 1, t)) };
  // Scalars, and aliases (kept as a leaf: positions inside an alias point at the alias).
  return { kind: 'scalar', start, end };
}

export function fromDocument(doc: Document, tests: NodeTests): YNode | undefined {
  return doc.contents ? convert(doc.contents as Node, 0, 0, tests) : undefined;
}

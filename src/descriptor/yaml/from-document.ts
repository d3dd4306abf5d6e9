/** The position tree of a document parsed by the `yaml` library (used when the fast parser steps aside). */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { YNode, YPair } from './ast.js';

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String((key as { toString?: () => string })?.toString?.() ?? '');
}

function range(node: Node | null | undefined, fallback: number): [number, number] {
  const r = node?.range;
  return r ? [r[0], r[1]] : [fallback, fallback];
}

function convert(node: Node | null | undefined, fallback: number, depth: number): YNode {
  const [start, end] = range(node, fallback);
  if (depth > 200) return { kind: 'scalar', start, end };
  if (node && isMap(node)) {
    const pairs: YPair[] = (node.items as Pair<Node, Node>[]).map((pair) => {
      const [keyStart, keyEnd] = range(pair.key as Node, start);
      return { key: keyText(pair.key), keyStart, keyEnd, value: convert(pair.value as Node, keyEnd, depth + 1) };
    });
    return { kind: 'map', start, end, pairs };
  }
  if (node && isSeq(node)) return { kind: 'seq', start, end, items: (node.items as Node[]).map((item) => convert(item, start, depth + 1)) };
  // Scalars, and aliases (kept as a leaf: positions inside an alias point at the alias).
  if (node && isAlias(node)) return { kind: 'scalar', start, end };
  return { kind: 'scalar', start, end };
}

export function fromDocument(doc: Document): YNode | undefined {
  return doc.contents ? convert(doc.contents as Node, 0, 0) : undefined;
}

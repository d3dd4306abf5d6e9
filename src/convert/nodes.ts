/**
 * Small helpers over the `yaml` library's nodes: reading keys and values,
 * building pairs that keep the comments of the pair they replace, and plain
 * values for decisions. Conversions move nodes rather than values so that
 * comments, key order and scalar styles survive.
 */
import { isMap, isPair, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

export type AnyPair = Pair<unknown, unknown>;

export function keyOf(pair: AnyPair): string {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return String(key);
}

export function valueNode(pair: AnyPair): Node | undefined {
  const value = pair.value;
  if (value === null || value === undefined) return undefined;
  return value as Node;
}

export function asMap(node: unknown): YAMLMap | undefined {
  return isMap(node) ? node : undefined;
}

export function asSeq(node: unknown): YAMLSeq | undefined {
  return isSeq(node) ? node : undefined;
}

export function pairs(map: YAMLMap | undefined): AnyPair[] {
  return map ? (map.items as AnyPair[]) : [];
}

export function findPair(map: YAMLMap | undefined, key: string): AnyPair | undefined {
  return pairs(map).find((p) => keyOf(p) === key);
}

export function get(map: YAMLMap | undefined, key: string): Node | undefined {
  const pair = findPair(map, key);
  return pair ? valueNode(pair) : undefined;
}

/** The plain value of a node (a copy: changing it changes nothing in the document). */
export function plain(node: unknown): unknown {
  if (node === null || node === undefined) return node;
  if (isScalar(node)) return node.value;
  if (isMap(node) || isSeq(node)) return node.toJSON();
  if (isPair(node)) return plain(node.value);
  return node;
}

/** A scalar as text; a number as it was written (`version: 1.0` is `1.0`, not `1`). */
export function text(node: unknown): string | undefined {
  const value = plain(node);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && isScalar(node) && typeof node.source === 'string' && node.source !== '') return node.source;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Offset where a node starts in its source, when it came from one. */
export function startOf(node: unknown): number | undefined {
  if (isPair(node)) return startOf(node.key) ?? startOf(node.value);
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : undefined;
}

/** A scalar holding a plain value, keeping the trailing comment of the node it replaces. */
export function scalar(value: unknown, replacing?: unknown): Scalar {
  const node = new Scalar(value);
  const comment = (replacing as { comment?: string } | undefined)?.comment;
  if (comment) node.comment = comment;
  return node;
}

/** A node for a plain value (mappings and lists become block collections). */
export function toNode(value: unknown): Node {
  if (isScalar(value) || isMap(value) || isSeq(value)) return value;
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    for (const item of value) seq.items.push(toNode(item));
    return seq;
  }
  if (value !== null && typeof value === 'object') {
    const map = new YAMLMap();
    for (const [k, v] of Object.entries(value)) map.items.push(new Pair(new Scalar(k), toNode(v)));
    return map;
  }
  return new Scalar(value);
}

/** A new pair `key: value`; with `from`, it takes that pair's comments and blank line. */
export function pair(key: string, value: unknown, from?: AnyPair): Pair<Scalar, Node> {
  const out = new Pair(new Scalar(key), toNode(value));
  if (from) moveComments(from, out);
  return out;
}

export function moveComments(from: AnyPair, to: AnyPair): void {
  const source = from.key as Scalar;
  const target = to.key as Scalar;
  if (!isScalar(source) || !isScalar(target)) return;
  if (source.commentBefore && !(target.commentBefore ?? '').includes(source.commentBefore))
    target.commentBefore = joinComments(source.commentBefore, target.commentBefore);
  if (source.spaceBefore) target.spaceBefore = true;
  const value = from.value as { comment?: string } | null;
  const out = to.value as { comment?: string } | null;
  if (value?.comment && out && !out.comment && out !== value) out.comment = value.comment;
}

export function joinComments(a: string | null | undefined, b: string | null | undefined): string | undefined {
  const parts = [a, b].filter((c): c is string => typeof c === 'string' && c !== '');
  return parts.length === 0 ? undefined : parts.join('\n');
}

/** Comments a pair carries (before its key, after its value), to hand on when the pair disappears. */
export function commentsOf(from: AnyPair): string | undefined {
  const key = from.key as { commentBefore?: string } | null;
  const value = from.value as { comment?: string; commentBefore?: string } | null;
  return joinComments(key?.commentBefore, joinComments(value?.commentBefore, value?.comment));
}

/**
 * Removes `pair` from `map`; its blank line, and its comments unless they move with it
 * (`moving`), go to the next pair (or to the end of the map).
 */
export function removePair(map: YAMLMap, target: unknown, moving = false): void {
  const at = map.items.indexOf(target as never);
  if (at === -1) return;
  const [gone] = map.items.splice(at, 1) as AnyPair[];
  const comment = moving ? undefined : commentsOf(gone);
  const next = map.items[at] as AnyPair | undefined;
  const key = next?.key as Scalar | undefined;
  if (key && isScalar(key)) {
    if (comment) key.commentBefore = joinComments(comment, key.commentBefore);
    if ((gone.key as { spaceBefore?: boolean }).spaceBefore) key.spaceBefore = true;
  } else if (comment) map.comment = joinComments(map.comment, comment);
}

/** A mapping that replaces the pair `from` as a list item (a model becoming a schema object) takes its comments. */
export function asItem<T extends YAMLMap>(from: AnyPair, map: T): T {
  const key = from.key as { commentBefore?: string; spaceBefore?: boolean } | null;
  if (key?.commentBefore) map.commentBefore = joinComments(key.commentBefore, map.commentBefore);
  if (key?.spaceBefore) map.spaceBefore = true;
  return map;
}

/**
 * The pairs of `map` as list items (models becoming schema objects): each item takes its pair's
 * comments, and the first one the comment the mapping itself starts with.
 */
export function listFrom(map: YAMLMap | undefined, convert: (pair: AnyPair, index: number) => YAMLMap): YAMLMap[] {
  const items = pairs(map).map((p, i) => asItem(p, convert(p, i)));
  if (items[0] && map?.commentBefore) items[0].commentBefore = joinComments(map.commentBefore, items[0].commentBefore);
  return items;
}

export function newMap(entries: Array<Pair<Scalar, Node>> = []): YAMLMap {
  const map = new YAMLMap();
  map.items.push(...entries);
  return map;
}

export function setEntry(map: YAMLMap, key: string, value: unknown): void {
  const existing = findPair(map, key);
  if (existing) existing.value = toNode(value);
  else map.items.push(pair(key, value));
}

/** Restyles nodes read from JSON as block YAML: no flow collections, no needless quotes. */
export function blockStyle(node: unknown): void {
  if (isMap(node) || isSeq(node)) {
    node.flow = node.items.length === 0;
    for (const item of node.items) {
      if (isPair(item)) {
        blockStyle(item.key);
        blockStyle(item.value);
      } else blockStyle(item);
    }
  } else if (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) {
    delete node.type;
  }
}

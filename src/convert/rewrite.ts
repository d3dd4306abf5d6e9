/**
 * Rewriting a mapping key by key, in the source's order: each source pair is
 * replaced by the pairs its handler returns, at the same place. Comments move
 * with them; the comments of a pair that leaves no pair behind go to the next
 * pair written (or to the end of the mapping), so no comment is lost.
 */
import { isScalar, Pair, Scalar, YAMLMap, type Node } from 'yaml';
import { commentsOf, joinComments, keyOf, moveComments, pairs, type AnyPair } from './nodes.js';

export type Emit = Array<Pair<Scalar, Node>>;

/** Returns the pairs that replace `pair` in the output (none: it leaves nothing at this place). */
export type Handler = (pair: AnyPair, key: string) => Emit | void;

export function rewriteMap(source: YAMLMap | undefined, handlers: Record<string, Handler>, otherwise: Handler): YAMLMap {
  const out = new YAMLMap();
  if (!source) return out;
  if (source.commentBefore) out.commentBefore = source.commentBefore;
  let pending: string | undefined;
  let pendingSpace = false;
  for (const from of pairs(source)) {
    const key = keyOf(from);
    const handler = Object.prototype.hasOwnProperty.call(handlers, key) ? handlers[key] : otherwise;
    const emitted = handler(from, key) ?? [];
    if (emitted.length === 0) {
      pending = joinComments(pending, commentsOf(from));
      pendingSpace ||= Boolean((from.key as { spaceBefore?: boolean }).spaceBefore);
      continue;
    }
    const first = emitted[0];
    if (first !== from) moveComments(from, first);
    if (pending && isScalar(first.key)) first.key.commentBefore = joinComments(pending, first.key.commentBefore);
    if (pendingSpace && isScalar(first.key)) first.key.spaceBefore = true;
    pending = undefined;
    pendingSpace = false;
    out.items.push(...emitted);
  }
  const trailing = joinComments(pending, source.comment);
  if (trailing) out.comment = trailing;
  return out;
}

/** The handler that keeps a pair as it is. */
export const keepPair: Handler = (pair) => [pair as Pair<Scalar, Node>];

/** A handler that keeps the value under another key (the new key keeps the old one's source position). */
export function renameTo(key: string): Handler {
  return (from) => [renamed(from, key)];
}

export function renamed(from: AnyPair, key: string): Pair<Scalar, Node> {
  const out = new Pair(new Scalar(key), from.value as Node);
  const range = (from.key as { range?: [number, number, number] }).range;
  if (range) out.key.range = range;
  return out;
}

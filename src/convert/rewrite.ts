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

/** Pairs a handler placed elsewhere in the output (their value's comments stay with them). */
const moved = new WeakSet<object>();

/** Marks `pair` as placed elsewhere: the rewrite hands on only the comment before its key. */
export function markMoved(pair: AnyPair): void {
  moved.add(pair);
}

/** The comments a pair leaves behind at its place: all of them, or only those before its key when it moved. */
function leftBehind(from: AnyPair): string | undefined {
  if (!moved.has(from)) return commentsOf(from);
  const key = from.key as { commentBefore?: string; spaceBefore?: boolean };
  const comment = key.commentBefore;
  key.commentBefore = undefined;
  key.spaceBefore = false;
  return comment;
}

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
      pendingSpace ||= Boolean((from.key as { spaceBefore?: boolean }).spaceBefore);
      pending = joinComments(pending, leftBehind(from));
      continue;
    }
    const first = emitted[0];
    if (moved.has(from) && first !== from) {
      const space = Boolean((from.key as { spaceBefore?: boolean }).spaceBefore);
      const comment = leftBehind(from);
      if (isScalar(first.key)) {
        first.key.commentBefore = joinComments(comment, first.key.commentBefore);
        if (space) first.key.spaceBefore = true;
      }
    } else if (first !== from) moveComments(from, first);
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

/**
 * `$ref` of Data Contract Specification fields: a field that names a
 * definition of the same file (`#/definitions/order_id`) inherits its
 * properties; the field's own keys win. ODCS v3.1.0 has no definitions, so
 * the reference is replaced by what it points to, in place of the `$ref` key.
 * References to other files or URLs are not followed (they are listed).
 */
import { Pair, YAMLMap, type Node } from 'yaml';
import type { Notes } from '../notes.js';
import { findPair, keyOf, pairs, text, type AnyPair } from '../nodes.js';
import type { Path } from '../types.js';

const LOCAL = /^#\/definitions\/(.+)$/;

export class Definitions {
  private readonly used = new Set<string>();
  /** Where pairs copied from a definition came from, for notes about them. */
  private readonly origins = new WeakMap<object, Path>();
  private readonly resolving: string[] = [];

  constructor(
    private readonly definitions: YAMLMap | undefined,
    private readonly notes: Notes,
  ) {}

  /** The source path of a pair, when it was copied from a definition. */
  originOf(pair: AnyPair): Path | undefined {
    return this.origins.get(pair);
  }

  /** Definition ids no field refers to. */
  unused(): AnyPair[] {
    return pairs(this.definitions).filter((p) => !this.used.has(keyOf(p)));
  }

  /**
   * The field with its `$ref` replaced by the definition's keys (those the field does not set itself).
   * Calls `inside` with the field resolved and returns its result, guarding against reference cycles.
   */
  withResolved<T>(field: YAMLMap, path: Path, inside: (resolved: YAMLMap) => T): T {
    const refPair = findPair(field, '$ref');
    const ref = refPair ? text(refPair.value) : undefined;
    const id = ref ? this.localId(ref) : undefined;
    const target = id === undefined ? undefined : findPair(this.definitions, id);
    if (!refPair || id === undefined || !target || this.resolving.includes(id)) {
      if (refPair && id !== undefined && this.resolving.includes(id))
        this.notes.add('changed', refPair, [...path, '$ref'], `\`${ref}\` refers to itself through its fields: the inner reference was not expanded`);
      return inside(field);
    }
    this.used.add(id);
    this.resolving.push(id);
    try {
      this.notes.add('resolved', refPair, [...path, '$ref'], `\`${ref}\` replaced by the definition's properties`);
      return inside(this.merge(field, refPair, target, id));
    } finally {
      this.resolving.pop();
    }
  }

  /** Why a `$ref` was not resolved, or undefined when it is (used by the field converter). */
  unresolvedReason(field: YAMLMap): string | undefined {
    const ref = text(findPair(field, '$ref')?.value);
    if (ref === undefined) return undefined;
    const id = this.localId(ref);
    if (id === undefined) return 'only references to definitions of the same file are resolved';
    if (!findPair(this.definitions, id)) return `there is no definition \`${id}\` in the file`;
    return undefined;
  }

  private localId(ref: string): string | undefined {
    const match = LOCAL.exec(ref);
    if (!match) return undefined;
    return decodeURIComponent(match[1]).replace(/~1/g, '/').replace(/~0/g, '~');
  }

  private merge(field: YAMLMap, refPair: AnyPair, target: AnyPair, id: string): YAMLMap {
    const own = new Set(pairs(field).map(keyOf));
    const definition = target.value as YAMLMap;
    const inherited = pairs(definition)
      .filter((p) => !own.has(keyOf(p)))
      .map((p) => {
        const copy = new Pair((p.key as Node).clone(), (p.value as Node | null)?.clone?.() ?? p.value) as AnyPair;
        this.origins.set(copy, ['definitions', id, keyOf(p)]);
        return copy;
      });
    const merged = new YAMLMap();
    for (const p of pairs(field)) {
      if (p === refPair) merged.items.push(...inherited);
      else merged.items.push(p);
    }
    const first = inherited[0];
    const comment = (refPair.key as { commentBefore?: string }).commentBefore;
    if (first && comment) (first.key as { commentBefore?: string }).commentBefore = comment;
    return merged;
  }
}

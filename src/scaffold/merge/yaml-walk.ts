/**
 * The structural part of merging YAML as data: the changes from the base to the new version
 * are applied to the team's document (a `yaml` Document, so its comments, key order and
 * scalar styles stay), mapping by mapping and list by list (items matched by identity.ts).
 * Where both changed the same value differently, the team's value stays and a conflict is
 * recorded for yaml.ts to mark.
 */
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { PathSegment } from '../../descriptor/positions.js';
import { deepEqual, identityOf } from '../../descriptor/derived/identity.js';

export interface YamlConflict {
  path: PathSegment[];
  base: unknown;
  /** undefined: the team removed it. */
  ours: unknown;
  /** undefined: the new version removed it. */
  theirs: unknown;
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const keyOf = (pair: Pair): string => String(isScalar(pair.key) ? pair.key.value : pair.key);

export class YamlMerger {
  readonly conflicts: YamlConflict[] = [];
  changed = false;

  constructor(private readonly doc: Document) {}

  private plain(node: unknown): unknown {
    return node !== null && typeof node === 'object' && 'toJS' in node ? (node as Node).toJS(this.doc) : node;
  }

  private create(value: unknown): Node {
    this.changed = true;
    return this.doc.createNode(structuredClone(value)) as Node;
  }

  /** Merges one value; returns the node to keep at its place. */
  value(path: PathSegment[], base: unknown, node: unknown, theirs: unknown): unknown {
    const ours = this.plain(node);
    if (deepEqual(base, theirs) || deepEqual(ours, theirs)) return node;
    if (isMap(node) && isMapping(theirs) && (base === undefined || isMapping(base))) {
      this.map(path, (base ?? {}) as Record<string, unknown>, node, theirs);
      return node;
    }
    if (isSeq(node) && Array.isArray(theirs) && (base === undefined || Array.isArray(base)) && this.seq(path, (base ?? []) as unknown[], node, theirs))
      return node;
    if (deepEqual(base, ours)) return this.create(theirs);
    this.conflicts.push({ path, base, ours, theirs });
    return node;
  }

  private map(path: PathSegment[], base: Record<string, unknown>, node: YAMLMap, theirs: Record<string, unknown>): void {
    const kept: Pair[] = [];
    for (const pair of node.items as Pair[]) {
      const key = keyOf(pair);
      if (Object.hasOwn(theirs, key)) {
        pair.value = this.value([...path, key], base[key], pair.value, theirs[key]) as Pair['value'];
        kept.push(pair);
      } else if (Object.hasOwn(base, key) && deepEqual(this.plain(pair.value), base[key])) {
        this.changed = true; // removed by the new version, unchanged by the team
      } else {
        if (Object.hasOwn(base, key)) this.conflicts.push({ path: [...path, key], base: base[key], ours: this.plain(pair.value), theirs: undefined });
        kept.push(pair);
      }
    }
    const present = new Set(kept.map(keyOf));
    const order = Object.keys(theirs);
    order.forEach((key, i) => {
      if (present.has(key)) return;
      if (Object.hasOwn(base, key)) {
        if (!deepEqual(base[key], theirs[key])) this.conflicts.push({ path: [...path, key], base: base[key], ours: undefined, theirs: theirs[key] });
        return;
      }
      const before = order
        .slice(0, i)
        .reverse()
        .find((k) => present.has(k));
      const at = before === undefined ? 0 : kept.findIndex((p) => keyOf(p) === before) + 1;
      kept.splice(at, 0, this.doc.createPair(key, structuredClone(theirs[key])) as Pair);
      present.add(key);
      this.changed = true;
    });
    node.items = kept;
  }

  /** Lists whose items have an identity; false when they have none (the list is then one value). */
  private seq(path: PathSegment[], base: unknown[], node: YAMLSeq, theirs: unknown[]): boolean {
    const oursItems = node.items.map((n) => this.plain(n));
    const id = identityOf([base, oursItems, theirs]);
    if (!id) return false;
    const baseById = new Map(base.map((v) => [id(v), v]));
    const theirsById = new Map(theirs.map((v) => [id(v), v]));
    const kept: Array<{ key: string; node: unknown; removed?: YamlConflict }> = [];
    node.items.forEach((item, i) => {
      const key = id(oursItems[i]);
      if (theirsById.has(key) || !baseById.has(key)) kept.push({ key, node: item });
      else if (deepEqual(oursItems[i], baseById.get(key))) this.changed = true;
      else kept.push({ key, node: item, removed: { path: [], base: baseById.get(key), ours: oursItems[i], theirs: undefined } });
    });
    const present = new Set(kept.map((k) => k.key));
    const order = theirs.map(id);
    theirs.forEach((value, i) => {
      const key = order[i];
      if (present.has(key)) return;
      if (baseById.has(key)) {
        if (!deepEqual(baseById.get(key), value)) this.conflicts.push({ path: [...path, `(${key})`], base: baseById.get(key), ours: undefined, theirs: value });
        return;
      }
      const before = order
        .slice(0, i)
        .reverse()
        .find((k) => present.has(k));
      const at = before === undefined ? 0 : kept.findIndex((k) => k.key === before) + 1;
      kept.splice(at, 0, { key, node: this.create(value) });
      present.add(key);
    });
    node.items = kept.map((k) => k.node) as YAMLSeq['items'];
    kept.forEach((k, i) => {
      if (k.removed) this.conflicts.push({ ...k.removed, path: [...path, i] });
      if (theirsById.has(k.key))
        node.items[i] = this.value([...path, i], baseById.get(k.key), node.items[i], theirsById.get(k.key)) as YAMLSeq['items'][number];
    });
    return true;
  }
}

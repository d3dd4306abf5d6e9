/**
 * The last pass over every converted document: keys the target standard does
 * not define at their place (an ODCS v3.0 server field v3.1.0 dropped, an
 * extension key of another format) move to the `customProperties` of the
 * nearest object that has them, guided by dp's own schema of the target.
 * Objects whose type itself is wrong are left alone: which keys are unknown
 * depends on the type, so the schema error is reported instead.
 */
import { isMap, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import validateOdcs from '../schemas/odcs-v3.1.0.js';
import validateOdps from '../schemas/odps-v1.0.0.js';
import { CustomBag, type Notes } from './notes.js';
import { findPair, keyOf, removePair } from './nodes.js';
import { QUALITY_KEYS } from './quality.js';
import type { Path, TargetKind } from './types.js';

type Validator = ((data: unknown) => boolean) & { errors?: Array<{ keyword: string; instancePath: string; params: Record<string, unknown> }> | null };
const VALIDATORS: Record<TargetKind, Validator> = { odcs: validateOdcs as Validator, odps: validateOdps as Validator };

/** Lists whose items may hold customProperties, by the key of the list. */
const HOLDING_LISTS: Record<TargetKind, string[]> = {
  odcs: ['servers', 'roles', 'schema', 'properties', 'quality', 'relationships', 'support', 'members', 'team'],
  odps: ['inputPorts', 'outputPorts', 'managementPorts', 'support', 'members'],
};

function holdsCustomProperties(kind: TargetKind, path: Path): boolean {
  if (path.length === 0) return true;
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (typeof last === 'number') return typeof parent === 'string' && HOLDING_LISTS[kind].includes(parent);
  if (path.length === 1) return last === 'description' || last === 'team';
  return kind === 'odcs' && last === 'items';
}

function segments(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Walks the document along JSON-pointer segments; returns the node and the typed path. */
function walk(doc: Document, parts: string[]): { node: unknown; path: Path } {
  let node: unknown = doc.contents;
  const path: Array<string | number> = [];
  for (const part of parts) {
    if (isSeq(node)) {
      path.push(Number(part));
      node = node.items[Number(part)];
    } else if (isMap(node)) {
      path.push(part);
      node = findPair(node, part)?.value;
    } else return { node: undefined, path };
  }
  return { node, path };
}

interface Unknown {
  pointer: string;
  key: string;
  /** The key holds `null` where the standard wants a value: absent says the same. */
  isNull?: boolean;
}

function valueAt(data: unknown, parts: string[]): unknown {
  return parts.reduce<unknown>((node, part) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), data);
}

function unknownKeys(kind: TargetKind, data: unknown): Unknown[] {
  const validate = VALIDATORS[kind];
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  const nulls = errors
    .filter(
      (e) =>
        e.keyword === 'type' &&
        e.instancePath !== '' &&
        valueAt(data, segments(e.instancePath)) === null &&
        !Array.isArray(valueAt(data, segments(e.instancePath).slice(0, -1))),
    )
    .map((e) => ({ pointer: e.instancePath.slice(0, e.instancePath.lastIndexOf('/')), key: segments(e.instancePath).pop()!, isNull: true }));
  const badType = new Set(
    errors
      .filter((e) => /\/(type|logicalType)$/.test(e.instancePath) || e.keyword === 'discriminator')
      .map((e) => (e.keyword === 'discriminator' ? e.instancePath : e.instancePath.replace(/\/(type|logicalType)$/, ''))),
  );
  const seen = new Set<string>();
  const out: Unknown[] = [];
  for (const e of errors) {
    const key = (e.params.additionalProperty ?? e.params.unevaluatedProperty) as string | undefined;
    if (key === undefined || badType.has(e.instancePath)) continue;
    const id = `${e.instancePath}\u0000${key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ pointer: e.instancePath, key });
  }
  const unique = nulls.filter((n, i) => nulls.findIndex((m) => m.pointer === n.pointer && m.key === n.key) === i);
  return [...unique, ...out].sort((a, b) => b.pointer.length - a.pointer.length);
}

export interface RelocateOptions {
  kind: TargetKind;
  notes: Notes;
  /** Names the source in custom property descriptions. */
  label: string;
  /** Source paths of output maps, when they differ from the output path (conversions between formats). */
  origins?: WeakMap<object, Path>;
}

/** Moves every key unknown at its place to the nearest customProperties (or drops it with `--unmapped drop`). */
export function relocateUnknownKeys(doc: Document, options: RelocateOptions): void {
  for (let round = 0; round < 16; round += 1) {
    const unknown = unknownKeys(options.kind, doc.toJS());
    let moved = 0;
    for (const { pointer, key, isNull } of unknown) {
      const parts = segments(pointer);
      const { node, path } = walk(doc, parts);
      const pair = isMap(node) ? findPair(node, key) : undefined;
      if (!pair) continue;
      // A rule whose type-specific part fails (an sql rule without its query) reports its operators as unknown: they stay.
      if (!isNull && path.length >= 2 && path[path.length - 2] === 'quality' && QUALITY_KEYS.has(key)) continue;
      if (isNull) {
        removePair(node as YAMLMap, pair);
        options.notes.add(
          'changed',
          pair,
          [...(options.origins?.get(node as object) ?? path), key],
          `\`${key}: null\` removed: the standard wants a value there, and an absent key says the same`,
        );
        moved += 1;
        continue;
      }
      let owner = path.length;
      while (owner > 0 && !holdsCustomProperties(options.kind, path.slice(0, owner))) owner -= 1;
      const ownerNode = walk(doc, parts.slice(0, owner)).node as YAMLMap;
      removePair(node as YAMLMap, pair, true);
      const from = [...(options.origins?.get(node as object) ?? path), keyOf(pair)];
      const bag = new CustomBag(options.notes, path.slice(0, owner), options.label);
      bag.keep(key, pair.value as Node, pair, from, `${options.kind === 'odcs' ? 'ODCS v3.1.0' : 'ODPS v1.0.0'} defines no \`${key}\` there`);
      bag.flushInto(ownerNode);
      moved += 1;
    }
    if (moved === 0) return;
  }
}

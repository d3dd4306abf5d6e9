/**
 * ODCS v2 `dataset` (tables and columns) to the v3.1.0 `schema` (objects and
 * properties), with the renames of the v3.0.0 changelog: `table` is `name`,
 * `columns` `properties`, `isNullable` the opposite of `required`,
 * `sampleValues` `examples`... Logical types outside v3's list are read with
 * the Data Contract Specification's type names (`int`, `bigint`, `double`...);
 * `clusterStatus`, `clusterKeyPosition` and `priorTableName` have no v3 place.
 */
import { isMap, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { mapType } from '../dcs/types.js';
import { CustomBag } from '../notes.js';
import { asSeq, findPair, get, newMap, pair, plain, text, valueNode, type AnyPair } from '../nodes.js';
import type { QualityContext } from '../quality.js';
import { keepPair, renameTo, rewriteMap, type Emit, type Handler } from '../rewrite.js';
import type { Path } from '../types.js';
import { convertV2Rules } from './v2-quality.js';

const V3_LOGICAL = ['string', 'date', 'timestamp', 'time', 'number', 'integer', 'object', 'array', 'boolean'];
const EXTRA_LOGICAL: Record<string, string> = {
  bool: 'boolean',
  datetime: 'timestamp',
  uuid: 'string',
  float64: 'number',
  int64: 'integer',
  int32: 'integer',
  long: 'integer',
};

export interface V2Context extends QualityContext {
  /** Columns that do not say whether they are nullable (v2 reads that as not nullable, v3 as not required). */
  silentNullability: AnyPair[];
}

function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}

function logicalType(from: AnyPair, path: Path, ctx: V2Context): Emit {
  const declared = text(from.value) ?? '';
  if (V3_LOGICAL.includes(declared)) return [from as Pair<Scalar, Node>];
  const logical = EXTRA_LOGICAL[declared.toLowerCase()] ?? mapType(declared).logical;
  if (!logical) {
    ctx.notes.add('changed', from, [...path, 'logicalType'], `logical type \`${declared}\` has no ODCS v3.1.0 equivalent: only the physical type is kept`);
    return [];
  }
  ctx.notes.add('changed', from, [...path, 'logicalType'], `logical type \`${declared}\` written as \`${logical}\``);
  return [pair('logicalType', logical, from)];
}

function flag(target: string, negate = false): Handler {
  return (from) => {
    const value = bool(plain(from.value));
    return value === undefined ? [] : [pair(target, negate ? !value : value, from)];
  };
}

function column(node: Node, path: Path, owner: Path, ctx: V2Context): YAMLMap {
  if (!isMap(node)) return newMap([pair('name', String(plain(node)))]);
  const bag = new CustomBag(ctx.notes, owner, ctx.label);
  if (!findPair(node, 'isNullable')) ctx.silentNullability.push(findPair(node, 'column') ?? (node as unknown as AnyPair));
  const keep: Handler = (from, key) => {
    bag.keep(key, valueNode(from), from, [...path, key]);
    return [];
  };
  const rules = convertV2Rules(get(node, 'quality'), [...path, 'quality'], ctx, owner).map((r) => r.rule);
  const out = rewriteMap(
    node,
    {
      column: renameTo('name'),
      isPrimaryKey: flag('primaryKey'),
      isPrimary: flag('primaryKey'),
      isNullable: flag('required', true),
      isUnique: flag('unique'),
      partitionStatus: flag('partitioned'),
      criticalDataElementStatus: flag('criticalDataElement'),
      encryptedColumnName: renameTo('encryptedName'),
      transformSourceTables: renameTo('transformSourceObjects'),
      sampleValues: renameTo('examples'),
      logicalType: (from) => logicalType(from, path, ctx),
      quality: (from) => (rules.length > 0 ? [pair('quality', rules, from)] : []),
      clusterStatus: keep,
      clusterKeyPosition: keep,
    },
    keepPair,
  );
  bag.flushInto(out);
  return out;
}

function table(node: Node, index: number, ctx: V2Context): YAMLMap {
  const path: Path = ['dataset', index];
  const owner: Path = ['schema', index];
  if (!isMap(node)) return newMap([pair('name', String(plain(node)))]);
  const bag = new CustomBag(ctx.notes, owner, ctx.label);
  const columns = asSeq(get(node, 'columns'))?.items ?? [];
  const properties = columns.map((c, i) => column(c as Node, [...path, 'columns', i], [...owner, 'properties', i], ctx));
  const rules = convertV2Rules(get(node, 'quality'), [...path, 'quality'], ctx, owner);
  const own = rules.filter((r) => !r.column || !placeOnColumn(properties, r.rule, r.column)).map((r) => r.rule);
  const out = rewriteMap(
    node,
    {
      table: (from) => [pair('name', text(from.value) ?? '', from), pair('logicalType', 'object')],
      description: (from) => [pair('description', Array.isArray(plain(from.value)) ? (plain(from.value) as unknown[]).join('\n') : from.value, from)],
      dataGranularity: renameTo('dataGranularityDescription'),
      columns: (from) => [pair('properties', properties, from)],
      quality: (from) => (own.length > 0 ? [pair('quality', own, from)] : []),
      priorTableName: (from, key) => {
        bag.keep(key, valueNode(from), from, [...path, key], 'ODCS v3 has no previous name of an object');
        return [];
      },
    },
    keepPair,
  );
  bag.flushInto(out);
  return out;
}

function placeOnColumn(properties: YAMLMap[], rule: YAMLMap, name: string): boolean {
  const property = properties.find((p) => text(get(p, 'name')) === name);
  if (!property) return false;
  const existing = findPair(property, 'quality');
  const list = existing?.value as { items?: unknown[] } | undefined;
  if (list && Array.isArray(list.items)) list.items.push(rule);
  else property.items.push(pair('quality', [rule]));
  return true;
}

export function convertDataset(node: Node | undefined, ctx: V2Context): YAMLMap[] {
  return (asSeq(node)?.items ?? []).map((t, i) => table(t as Node, i, ctx));
}

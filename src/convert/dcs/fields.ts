/**
 * A Data Contract Specification field to an ODCS v3.1.0 property, key by key
 * in the field's order (the property's `name` first). See docs/convert.md for
 * each mapping; what has no ODCS place is kept under the property's
 * customProperties (or dropped with `--unmapped drop`) and listed.
 */
import { isMap, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { CustomBag } from '../notes.js';
import { asMap, get, keyOf, listFrom, newMap, pair, pairs, plain, text, valueNode, type AnyPair } from '../nodes.js';
import { convertRules, validValuesRule } from '../quality.js';
import { renamed, rewriteMap, type Emit, type Handler } from '../rewrite.js';
import type { Path } from '../types.js';
import { bagFor, type DcsContext } from './context.js';
import { mapType, NUMERIC_WITH_PRECISION, PHYSICAL_TYPE_KEYS, type TypeMapping } from './types.js';

/** Keys of an ODCS v3.1.0 property that a field may already carry (as an extension): kept as they are. */
const ODCS_PROPERTY_KEYS = [
  'physicalName',
  'partitioned',
  'partitionKeyPosition',
  'criticalDataElement',
  'encryptedName',
  'transformSourceObjects',
  'transformLogic',
  'transformDescription',
  'businessName',
  'authoritativeDefinitions',
  'customProperties',
  'primaryKeyPosition',
];
const STRING_OPTIONS = ['minLength', 'maxLength', 'pattern', 'format'];
const RANGE_OPTIONS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'];
const SHORTHAND_REFERENCE = /^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/;

interface FieldState {
  path: Path;
  owner: Path;
  ctx: DcsContext;
  typeName?: string;
  mapping?: TypeMapping;
  physical?: { value: string; configKey?: string };
  options: Array<Pair<Scalar, Node>>;
  consumed: Set<string>;
  quality: YAMLMap[];
  examples: unknown[];
  emitted: Set<string>;
  bag: CustomBag;
}

/** Whether `key: value` is a logicalTypeOptions entry for the field's logical type. */
function isOption(logical: string | undefined, key: string, value: unknown): boolean {
  if (logical === 'string')
    return STRING_OPTIONS.includes(key) && (key === 'pattern' || key === 'format' ? typeof value === 'string' : Number.isInteger(value));
  if (logical === 'integer' || logical === 'number') return RANGE_OPTIONS.includes(key) && typeof value === 'number';
  if (logical === 'date' || logical === 'timestamp' || logical === 'time')
    return (RANGE_OPTIONS.includes(key) || key === 'format') && typeof value === 'string';
  return false;
}

function physicalFromConfig(config: YAMLMap | undefined, serverTypes: string[]): { value: string; configKey: string } | undefined {
  if (!config) return undefined;
  const keys = [...serverTypes.map((t) => PHYSICAL_TYPE_KEYS[t]), ...Object.values(PHYSICAL_TYPE_KEYS)].filter(Boolean);
  for (const key of keys) {
    const value = text(get(config, key));
    if (value) return { value, configKey: key };
  }
  return undefined;
}

function prepare(field: YAMLMap, state: FieldState): void {
  state.typeName = text(get(field, 'type'));
  state.mapping = state.typeName ? mapType(state.typeName) : undefined;
  const fromConfig = physicalFromConfig(asMap(get(field, 'config')), state.ctx.serverTypes);
  const precision = plain(get(field, 'precision'));
  const scale = plain(get(field, 'scale'));
  if (fromConfig) state.physical = fromConfig;
  else if (state.typeName && NUMERIC_WITH_PRECISION.includes(state.typeName.toLowerCase()) && typeof precision === 'number') {
    state.physical = { value: `${state.typeName}(${precision}${typeof scale === 'number' ? `,${scale}` : ''})` };
    state.consumed.add('precision');
    if (typeof scale === 'number') state.consumed.add('scale');
  } else if (state.typeName && state.mapping?.physical) state.physical = { value: state.typeName };
  const logical = state.mapping?.logical;
  if (state.mapping?.format) state.options.push(pair('format', state.mapping.format));
  if (state.mapping?.timezone !== undefined) state.options.push(pair('timezone', state.mapping.timezone));
  for (const p of pairs(field)) {
    const key = keyOf(p);
    if (isOption(logical, key, plain(p.value)) && !(key === 'format' && state.mapping?.format)) {
      state.options.push(renamed(p, key));
      state.consumed.add(key);
    }
  }
}

function typePairs(from: AnyPair, state: FieldState): Emit {
  const out: Emit = [];
  const { mapping, typeName } = state;
  if (mapping?.logical) out.push(pair('logicalType', mapping.logical, from));
  if (mapping?.change) state.ctx.notes.add('changed', from, [...state.path, 'type'], `type \`${typeName}\`: ${mapping.change}`);
  if (state.physical) {
    out.push(pair('physicalType', state.physical.value, out.length === 0 ? from : undefined));
    state.emitted.add('physicalType');
  }
  if (state.options.length > 0 && mapping?.logical) out.push(pair('logicalTypeOptions', newMap(state.options)));
  return out;
}

function keep(from: AnyPair, state: FieldState, why?: string): [] {
  const key = keyOf(from);
  const origin = state.ctx.definitions.originOf(from) ?? [...state.path, key];
  state.bag.keep(key, valueNode(from), from, origin, why);
  return [];
}

function once(state: FieldState, slot: string, make: () => Emit): Emit {
  if (state.emitted.has(slot)) return [];
  state.emitted.add(slot);
  return make();
}

function references(from: AnyPair, state: FieldState): Emit {
  const target = text(from.value);
  if (!target || !SHORTHAND_REFERENCE.test(target)) return keep(from, state, 'ODCS v3.1.0 relationships take `table.column` references');
  return [pair('relationships', [{ to: target }], from)];
}

function lineage(from: AnyPair, state: FieldState): Emit {
  const inputs = (plain(from.value) as { inputFields?: Array<{ name?: unknown }> } | null)?.inputFields ?? [];
  const names = [...new Set(inputs.map((i) => i?.name).filter((n): n is string => typeof n === 'string'))];
  keep(
    from,
    state,
    names.length > 0
      ? 'field lineage (namespaces, fields, transformations) has no ODCS v3.1.0 equivalent; its input datasets are listed in transformSourceObjects'
      : undefined,
  );
  return names.length > 0 ? [pair('transformSourceObjects', names)] : [];
}

function config(from: AnyPair, state: FieldState, field: YAMLMap): Emit {
  const map = asMap(from.value);
  const rest = pairs(map).filter((p) => keyOf(p) !== state.physical?.configKey);
  if (rest.length > 0) {
    const left = newMap(rest.map((p) => p as Pair<Scalar, Node>));
    state.bag.keep('config', left, from, [...state.path, 'config'], 'tool settings have no place in ODCS v3.1.0');
  }
  if (state.physical?.configKey && !get(field, 'type')) return once(state, 'physicalType', () => [pair('physicalType', state.physical!.value, from)]);
  return [];
}

function examples(state: FieldState, from: AnyPair): Emit {
  return once(state, 'examples', () => (state.examples.length > 0 ? [pair('examples', state.examples, from)] : []));
}

function collectExamples(field: YAMLMap, state: FieldState): void {
  const list = plain(get(field, 'examples'));
  if (Array.isArray(list)) state.examples.push(...list);
  const single = plain(get(field, 'example'));
  if (single !== undefined && single !== null && !state.examples.includes(single)) state.examples.push(single);
}

function collectQuality(field: YAMLMap, state: FieldState): void {
  const qualityPath = [...state.path, 'quality'];
  state.quality.push(...convertRules(get(field, 'quality'), qualityPath, state.ctx, state.owner));
  const values = plain(get(field, 'enum'));
  if (Array.isArray(values)) {
    state.quality.push(validValuesRule(values));
    state.ctx.notes.add(
      'changed',
      get(field, 'enum'),
      [...state.path, 'enum'],
      'ODCS v3.1.0 has no enum: the allowed values became a quality rule (`invalidValues` with `arguments.validValues`, `mustBe: 0`)',
    );
  }
}

function quality(state: FieldState, from: AnyPair): Emit {
  return once(state, 'quality', () => (state.quality.length > 0 ? [pair('quality', state.quality, from)] : []));
}

function nested(from: AnyPair, state: FieldState): Emit {
  const map = asMap(from.value);
  const props = listFrom(map, (p, i) =>
    convertField(keyOf(p), p.value as Node, [...state.path, 'fields', keyOf(p)], [...state.owner, 'properties', i], state.ctx),
  );
  return [pair('properties', props, from)];
}

function items(from: AnyPair, state: FieldState): Emit {
  const item = convertField(undefined, from.value as Node, [...state.path, 'items'], [...state.owner, 'items'], state.ctx);
  return [pair('items', item, from)];
}

function handlersFor(field: YAMLMap, state: FieldState): Record<string, Handler> {
  const consumedOrKept: Handler = (from, key) => (state.consumed.has(key) ? [] : keep(from, state));
  const h: Record<string, Handler> = {
    type: (from) => typePairs(from, state),
    title: (from) => [renamed(from, 'businessName')],
    description: (from) => [from as Pair<Scalar, Node>],
    required: (from) => [from as Pair<Scalar, Node>],
    unique: (from) => [from as Pair<Scalar, Node>],
    classification: (from) => [from as Pair<Scalar, Node>],
    tags: (from) => [from as Pair<Scalar, Node>],
    primaryKey: (from) => once(state, 'primaryKey', () => [pair('primaryKey', plain(from.value) === true, from)]),
    primary: (from) => once(state, 'primaryKey', () => [pair('primaryKey', plain(from.value) === true, from)]),
    references: (from) => references(from, state),
    enum: (from) => quality(state, from),
    quality: (from) => quality(state, from),
    example: (from) => examples(state, from),
    examples: (from) => examples(state, from),
    links: (from) => links(from),
    fields: (from) => nested(from, state),
    items: (from) => items(from, state),
    lineage: (from) => lineage(from, state),
    config: (from) => config(from, state, field),
    pii: (from) => keep(from, state, 'ODCS v3.1.0 has no personal-data flag; consider `classification`'),
    $ref: (from) => keep(from, state, state.ctx.definitions.unresolvedReason(field)),
  };
  for (const key of [...STRING_OPTIONS, ...RANGE_OPTIONS, 'precision', 'scale']) h[key] = consumedOrKept;
  for (const key of ODCS_PROPERTY_KEYS) h[key] = (from) => [from as Pair<Scalar, Node>];
  return h;
}

/** `links` (name to URL) as ODCS authoritative definitions (type = the link's name). */
export function links(from: AnyPair): Emit {
  const entries = Object.entries((plain(from.value) as Record<string, unknown> | null) ?? {});
  return [
    pair(
      'authoritativeDefinitions',
      entries.map(([type, url]) => ({ type, url: String(url) })),
      from,
    ),
  ];
}

function build(name: string | undefined, field: YAMLMap, path: Path, owner: Path, ctx: DcsContext): YAMLMap {
  const state: FieldState = {
    path,
    owner,
    ctx,
    options: [],
    consumed: new Set<string>(),
    quality: [],
    examples: [],
    emitted: new Set<string>(),
    bag: bagFor(ctx, owner),
  };
  prepare(field, state);
  collectExamples(field, state);
  collectQuality(field, state);
  const out = rewriteMap(field, handlersFor(field, state), (from) => keep(from, state));
  if (!state.emitted.has('physicalType') && state.physical && !pairs(out).some((p) => keyOf(p) === 'physicalType'))
    out.items.unshift(pair('physicalType', state.physical.value));
  if (name !== undefined) out.items.unshift(pair('name', name));
  state.bag.flushInto(out);
  ctx.origins.set(out, path);
  return out;
}

/** The ODCS property for the field `name` (undefined for array items) at source `path`, written at output `owner`. */
export function convertField(name: string | undefined, node: Node | null, path: Path, owner: Path, ctx: DcsContext): YAMLMap {
  if (!isMap(node)) {
    const out = newMap(name === undefined ? [] : [pair('name', name)]);
    if (node !== null && node !== undefined)
      ctx.notes.add('dropped', node, path, `the field is not a mapping (\`${String(plain(node))}\`), so only its name was carried over`);
    return out;
  }
  return ctx.definitions.withResolved(node, path, (resolved) => build(name, resolved, path, owner, ctx));
}

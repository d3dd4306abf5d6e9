/**
 * ODCS v3.0.0, v3.0.1 and v3.0.2 to v3.1.0, in place in the source document
 * (comments, order and styles stay): the version; `team` as an object with
 * `members` (the v3.0 list is deprecated); `slaDefaultElement` (deprecated)
 * written into each SLA property without an element; quality rules in v3.1.0
 * form (metrics, one operator); exclusive bounds and number widths of
 * logicalTypeOptions; server fields v3.1.0 renamed or retyped. Keys v3.1.0 no
 * longer allows at their place move to customProperties in the final pass.
 */
import { isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import { CustomBag, Notes } from '../notes.js';
import { asMap, asSeq, findPair, get, newMap, pair, plain, removePair, text } from '../nodes.js';
import { convertRules } from '../quality.js';
import type { YamlSource } from '../source.js';
import type { Path, Unmapped } from '../types.js';
import { upgradeOptions } from './options.js';
import { eachElement } from './walk.js';

export interface Upgraded {
  doc: Document;
  notes: Notes;
  label: string;
}

function setValue(map: YAMLMap, key: string, value: unknown): void {
  const found = findPair(map, key);
  if (found && (found.value as { value?: unknown } | null)?.value !== undefined) (found.value as { value: unknown }).value = value;
  else if (found) found.value = pair(key, value).value;
}

/** The v3.0 `team` list becomes `team: {members: [...]}` at the same place. */
export function teamAsObject(root: YAMLMap, notes: Notes, path: Path = ['team']): void {
  const found = findPair(root, 'team');
  if (!found || !isSeq(found.value)) return;
  const team = newMap([pair('members', found.value)]);
  found.value = team;
  notes.add('changed', found, path, 'the team list was written as `team.members` (ODCS v3.1.0 deprecates the list form)');
}

/** `slaDefaultElement` (deprecated) becomes the `element` of each SLA property that has none. */
export function defaultElement(root: YAMLMap, notes: Notes, key = 'slaDefaultElement', sourceKey = key): void {
  const found = findPair(root, key);
  if (!found) return;
  const element = text(found.value);
  for (const sla of asSeq(get(root, 'slaProperties'))?.items ?? []) {
    const map = asMap(sla);
    if (map && element && !findPair(map, 'element') && !findPair(map, 'column')) map.items.push(pair('element', element));
  }
  removePair(root, found);
  notes.add(
    'changed',
    found,
    [sourceKey],
    `\`${sourceKey}: ${element ?? ''}\` was written as the \`element\` of each SLA property without one (ODCS v3.1.0 deprecates a default element)`,
  );
}

function upgradeQuality(element: YAMLMap, path: Path, notes: Notes, label: string): void {
  const found = findPair(element, 'quality');
  if (!found || !isSeq(found.value)) return;
  const rules = convertRules(found.value as Node, [...path, 'quality'], { notes, label }, path);
  found.value = pair('quality', rules).value;
}

function upgradeServers(root: YAMLMap, notes: Notes): void {
  asSeq(get(root, 'servers'))?.items.forEach((node, i) => {
    const server = asMap(node);
    if (!server) return;
    const type = text(get(server, 'type'));
    const staging = findPair(server, 'staging_dir');
    if (type === 'athena' && staging && !findPair(server, 'stagingDir')) {
      server.items[server.items.indexOf(staging as never)] = pair('stagingDir', staging.value, staging);
      notes.add('changed', staging, ['servers', i, 'staging_dir'], '`staging_dir` renamed `stagingDir` (ODCS v3.0.2)');
    }
    const schema = findPair(server, 'schema');
    if (type === 'duckdb' && schema && typeof plain(schema.value) === 'number') {
      setValue(server, 'schema', String(plain(schema.value)));
      notes.add('changed', schema, ['servers', i, 'schema'], 'the DuckDB schema is a name: written as a string (ODCS v3.1.0)');
    }
  });
}

/** `2022-11-15 02:59:43` (the ODCS v2 example's form) as an RFC 3339 date-time; a time without zone is read as UTC. */
export function upgradeTimestamp(root: YAMLMap, notes: Notes, key = 'contractCreatedTs'): void {
  const found = findPair(root, key);
  const value = text(found?.value);
  const match = value === undefined ? null : /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  if (!found || !match || (value!.includes('T') && match[3])) return;
  const zone = match[3] ?? 'Z';
  const time = match[2].length === 5 ? `${match[2]}:00` : match[2];
  setValue(root, key, `${match[1]}T${time}${zone}`);
  const scalar = found.value as { type?: string } | null;
  if (scalar) scalar.type = 'QUOTE_DOUBLE';
  notes.add(
    'changed',
    found,
    [key],
    match[3]
      ? `\`${value}\` written as an RFC 3339 date-time`
      : `\`${value}\` has no time zone: written as \`${match[1]}T${time}Z\` (ODCS defines this timestamp in UTC)`,
  );
}

/** `version: 1.0` and `id: 42` are strings in ODCS: written as the text they were (`"1.0"`). */
export function stringValues(root: YAMLMap, notes: Notes, keys = ['version', 'id']): void {
  for (const key of keys) {
    const found = findPair(root, key);
    if (!found || typeof plain(found.value) !== 'number') continue;
    const written = text(found.value)!;
    found.value = pair(key, written).value;
    (found.value as { type?: string }).type = 'QUOTE_DOUBLE';
    notes.add('changed', found, [key], `\`${key}: ${written}\` is a number in the source; ODCS wants text: written as "${written}"`);
  }
}

export function upgradePrice(root: YAMLMap, notes: Notes): void {
  const price = asMap(get(root, 'price'));
  const amount = findPair(price, 'priceAmount');
  const value = plain(amount?.value);
  if (price && amount && typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) {
    setValue(price, 'priceAmount', Number(value));
    notes.add('changed', amount, ['price', 'priceAmount'], `price amount "${value}" written as a number`);
  }
}

/** ODCS v2 column flags left in a v3.0 property (`isNullable`, `isUnique`): their v3 names, when v3's own key is absent. */
function v2Flags(element: YAMLMap, path: Path, notes: Notes): void {
  for (const [old, key, negate] of [
    ['isNullable', 'required', true],
    ['isUnique', 'unique', false],
    ['isPrimaryKey', 'primaryKey', false],
  ] as const) {
    const found = findPair(element, old);
    const value = plain(found?.value);
    if (!found || typeof value !== 'boolean' || findPair(element, key)) continue;
    element.items[element.items.indexOf(found as never)] = pair(key, negate ? !value : value, found);
    notes.add('changed', found, [...path, old], `ODCS v2's \`${old}: ${value}\` written as \`${key}: ${negate ? !value : value}\``);
  }
}

/** The parts shared with the ODCS v2 conversion: schema elements' quality rules and options. */
export function upgradeElements(root: YAMLMap, notes: Notes, label: string): void {
  eachElement(root, (element, path) => {
    v2Flags(element, path, notes);
    upgradeQuality(element, path, notes, label);
    const bag = new CustomBag(notes, path, label);
    upgradeOptions(element, path, notes, bag);
    bag.flushInto(element);
  });
}

export function upgradeOdcs(source: YamlSource, unmapped: Unmapped): Upgraded {
  const root = asMap(source.doc.contents) ?? newMap();
  const label = `ODCS ${text(get(root, 'apiVersion')) ?? 'v3.0'}`;
  const notes = Notes.forSource(source, unmapped);
  setValue(root, 'apiVersion', 'v3.1.0');
  teamAsObject(root, notes);
  defaultElement(root, notes);
  upgradeServers(root, notes);
  stringValues(root, notes);
  upgradePrice(root, notes);
  upgradeTimestamp(root, notes);
  upgradeElements(root, notes, label);
  return { doc: source.doc, notes, label };
}

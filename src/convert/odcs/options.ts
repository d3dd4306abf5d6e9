/**
 * `logicalTypeOptions` of ODCS v2 and v3.0 properties to v3.1.0: exclusive
 * bounds were booleans qualifying `minimum`/`maximum` and are now the bound
 * itself (`maximum: 10` + `exclusiveMaximum: true` is `exclusiveMaximum: 10`);
 * integer and number formats are an enumeration of widths (`int64` is `i64`).
 */
import type { YAMLMap } from 'yaml';
import type { CustomBag, Notes } from '../notes.js';
import { asMap, findPair, get, pair, plain, removePair, text, valueNode, type AnyPair } from '../nodes.js';
import type { Path } from '../types.js';

const FORMATS: Record<string, Record<string, string>> = {
  integer: {
    int8: 'i8',
    int16: 'i16',
    int32: 'i32',
    int: 'i32',
    integer: 'i32',
    int64: 'i64',
    long: 'i64',
    bigint: 'i64',
    int128: 'i128',
    uint8: 'u8',
    uint16: 'u16',
    uint32: 'u32',
    uint64: 'u64',
    uint128: 'u128',
  },
  number: { float: 'f32', float32: 'f32', single: 'f32', double: 'f64', float64: 'f64' },
};
const WIDTHS: Record<string, string[]> = { integer: ['i8', 'i16', 'i32', 'i64', 'i128', 'u8', 'u16', 'u32', 'u64', 'u128'], number: ['f32', 'f64'] };

function replace(options: YAMLMap, old: AnyPair, key: string, value: unknown): void {
  const at = options.items.indexOf(old as never);
  options.items.splice(at, 1, pair(key, value, old));
}

function remove(options: YAMLMap, key: string): void {
  removePair(options, findPair(options, key));
}

function exclusiveBound(options: YAMLMap, flag: 'exclusiveMaximum' | 'exclusiveMinimum', path: Path, notes: Notes, bag: CustomBag): void {
  const pairOf = findPair(options, flag);
  if (!pairOf || typeof plain(pairOf.value) !== 'boolean') return;
  const boundKey = flag === 'exclusiveMaximum' ? 'maximum' : 'minimum';
  const bound = plain(get(options, boundKey));
  if (plain(pairOf.value) === false) {
    remove(options, flag);
    notes.add(
      'changed',
      pairOf,
      [...path, flag],
      `\`${flag}: false\` removed: in ODCS v3.1.0 \`${boundKey}\` is inclusive and \`${flag}\` holds the bound itself`,
    );
  } else if (bound !== undefined) {
    replace(options, pairOf, flag, bound);
    remove(options, boundKey);
    notes.add(
      'changed',
      pairOf,
      [...path, flag],
      `\`${boundKey}: ${String(bound)}\` with \`${flag}: true\` written as \`${flag}: ${String(bound)}\` (ODCS v3.1.0 holds the bound in \`${flag}\`)`,
    );
  } else {
    remove(options, flag);
    bag.keep(flag, valueNode(pairOf), pairOf, [...path, flag], `\`${flag}: true\` qualifies no \`${boundKey}\``);
  }
}

function format(options: YAMLMap, logical: string, path: Path, notes: Notes, bag: CustomBag): void {
  const pairOf = findPair(options, 'format');
  const value = text(pairOf?.value);
  if (!pairOf || value === undefined || !WIDTHS[logical] || WIDTHS[logical].includes(value)) return;
  const width = FORMATS[logical][value.toLowerCase()];
  if (width) {
    replace(options, pairOf, 'format', width);
    notes.add('changed', pairOf, [...path, 'format'], `format \`${value}\` written as \`${width}\` (ODCS v3.1.0 ${logical} widths)`);
  } else {
    remove(options, 'format');
    bag.keep('format', valueNode(pairOf), pairOf, [...path, 'format'], `ODCS v3.1.0 ${logical} formats are ${WIDTHS[logical].join(', ')}`);
  }
}

/** Normalises the property's logicalTypeOptions in place; `path` is the property's path in the source. */
export function upgradeOptions(property: YAMLMap, path: Path, notes: Notes, bag: CustomBag): void {
  const options = asMap(get(property, 'logicalTypeOptions'));
  if (!options) return;
  const optionsPath = [...path, 'logicalTypeOptions'];
  exclusiveBound(options, 'exclusiveMaximum', optionsPath, notes, bag);
  exclusiveBound(options, 'exclusiveMinimum', optionsPath, notes, bag);
  const logical = text(get(property, 'logicalType')) ?? '';
  format(options, logical, optionsPath, notes, bag);
}

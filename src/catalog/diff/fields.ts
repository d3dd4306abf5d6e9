/** Changes to one field of a contract: type, nullability, keys, classification and constraints. */
import { str, type SchemaProperty } from '../../descriptor/model.js';
import type { Change } from '../store.js';
import { diffAllowedValues, diffOptions, type FieldScope } from './constraints.js';
import { change } from './rules.js';

const INTEGER_RANKS = ['tinyint', 'smallint', 'int', 'integer', 'bigint'];
const FLOAT_RANKS = ['real', 'float', 'double'];

function parseType(text: string): { base: string; params: number[] } {
  const m = /^\s*([a-z_ ]+?)\s*(?:\(([\d\s,]+)\))?\s*$/i.exec(text);
  if (!m) return { base: text.trim().toLowerCase(), params: [] };
  return {
    base: m[1].toLowerCase(),
    params: (m[2] ?? '')
      .split(',')
      .filter((s) => s.trim() !== '')
      .map(Number),
  };
}

function sameRanks(ranks: string[], a: string, b: string): boolean {
  return ranks.includes(a) && ranks.includes(b) && ranks.indexOf(b) > ranks.indexOf(a);
}

/** True when every value of physical type `before` fits `after`: varchar(64) -> varchar(128), int -> bigint. */
export function isWidening(before: string, after: string): boolean {
  const a = parseType(before);
  const b = parseType(after);
  if (a.base === b.base && a.params.length > 0 && a.params.length === b.params.length) {
    return b.params.every((n, i) => n >= a.params[i]) && b.params.some((n, i) => n > a.params[i]);
  }
  return sameRanks(INTEGER_RANKS, a.base, b.base) || sameRanks(FLOAT_RANKS, a.base, b.base);
}

function typeChanges(before: SchemaProperty, after: SchemaProperty, scope: FieldScope, name: string): Change[] {
  const out: Change[] = [];
  const [lb, la] = [str(before.logicalType), str(after.logicalType)];
  if (lb !== la) {
    out.push(
      change('field-type-changed', `${name}: logical type ${lb ?? 'none'} -> ${la ?? 'none'}`, {
        ...scope,
        path: `${scope.path}.logicalType`,
        before: lb,
        after: la,
      }),
    );
  }
  const [pb, pa] = [str(before.physicalType), str(after.physicalType)];
  if (pb !== pa) {
    const widened = pb !== undefined && pa !== undefined && isWidening(pb, pa);
    const rule = widened ? 'field-type-widened' : 'field-type-changed';
    out.push(
      change(rule, `${name}: physical type ${pb ?? 'none'} -> ${pa ?? 'none'}`, { ...scope, path: `${scope.path}.physicalType`, before: pb, after: pa }),
    );
  }
  return out;
}

function flagChanges(before: SchemaProperty, after: SchemaProperty, scope: FieldScope, name: string): Change[] {
  const out: Change[] = [];
  const at = (key: string) => ({ ...scope, path: `${scope.path}.${key}` });
  const [rb, ra] = [before.required === true, after.required === true];
  if (!rb && ra) out.push(change('field-made-required', `${name}: became required`, { ...at('required'), before: false, after: true }));
  if (rb && !ra)
    out.push(change('field-made-optional', `${name}: is no longer required (consumers may get nulls)`, { ...at('required'), before: true, after: false }));
  const [kb, ka] = [before.primaryKey === true, after.primaryKey === true];
  if (kb !== ka)
    out.push(change('field-primary-key-changed', `${name}: ${ka ? 'joined' : 'left'} the primary key`, { ...at('primaryKey'), before: kb, after: ka }));
  const [ub, ua] = [before.unique === true || kb, after.unique === true || ka];
  if (ub && !ua) out.push(change('field-unique-removed', `${name}: is no longer unique`, { ...at('unique'), before: true, after: false }));
  if (!ub && ua) out.push(change('field-unique-added', `${name}: became unique`, { ...at('unique'), before: false, after: true }));
  const [cb, ca] = [str(before.classification), str(after.classification)];
  if (cb !== ca) {
    out.push(
      change('field-classification-changed', `${name}: classification ${cb ?? 'none'} -> ${ca ?? 'none'}`, { ...at('classification'), before: cb, after: ca }),
    );
  }
  return out;
}

/** Every change between two versions of the same field. */
export function diffField(before: SchemaProperty, after: SchemaProperty, scope: FieldScope): Change[] {
  const name = scope.path.slice('schema.'.length);
  return [
    ...typeChanges(before, after, scope, name),
    ...flagChanges(before, after, scope, name),
    ...diffOptions(before, after, scope),
    ...diffAllowedValues(before, after, scope),
  ];
}

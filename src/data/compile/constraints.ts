/**
 * Schema checks of the values: `required`, `unique`, `primaryKey` (a composite
 * key as one tuple) and the `logicalTypeOptions` that can be tested in SQL.
 * Each counts the rows that break the constraint; the threshold is zero.
 */
import { isRecord, type SchemaProperty } from '../../descriptor/model.js';
import type { PathSegment } from '../../descriptor/positions.js';
import type { FieldSpec, PlannedCheck, SkippedCheck } from '../plan.js';
import type { Predicate } from '../types.js';
import { MUST_BE_ZERO } from '../verdict.js';
import { at, type CompileContext } from './context.js';
import { FORMAT_PATTERNS } from './formats.js';

interface Out {
  checks: PlannedCheck[];
  skipped: SkippedCheck[];
}

function rowsCheck(
  ctx: CompileContext,
  spec: FieldSpec,
  check: string,
  path: PathSegment[],
  expected: string,
  predicate: Predicate,
  dimension: string,
): PlannedCheck {
  return {
    category: 'schema',
    check,
    field: spec.name,
    severity: 'error',
    dimension,
    location: at(ctx, path),
    expected,
    measure: { kind: 'count', field: spec.name, predicate },
    threshold: MUST_BE_ZERO,
    unit: 'rows',
    sample: { kind: 'rows', field: spec.name, predicate },
  };
}

const INTEGER_RANGES: Record<string, [number, number]> = {
  i8: [-128, 127],
  i16: [-32768, 32767],
  i32: [-2147483648, 2147483647],
  u8: [0, 255],
  u16: [0, 65535],
  u32: [0, 4294967295],
  u64: [0, Number.MAX_VALUE],
  u128: [0, Number.MAX_VALUE],
};

function literal(value: unknown): number | string | undefined {
  return typeof value === 'number' || typeof value === 'string' ? value : undefined;
}

function rangeChecks(ctx: CompileContext, spec: FieldSpec, options: Record<string, unknown>, path: PathSegment[], out: Out): void {
  const temporal = spec.logicalType === 'date' || spec.logicalType === 'timestamp' || spec.logicalType === 'time';
  const bounds: Array<[string, keyof Extract<Predicate, { kind: 'valueOutside' }>, string]> = [
    ['minimum', 'min', '≥'],
    ['maximum', 'max', '≤'],
    ['exclusiveMinimum', 'exclusiveMin', '>'],
    ['exclusiveMaximum', 'exclusiveMax', '<'],
  ];
  for (const [key, bound, symbol] of bounds) {
    const value = literal(options[key]);
    if (value === undefined) continue;
    const predicate = { kind: 'valueOutside', [bound]: value, temporal } as Predicate;
    out.checks.push(rowsCheck(ctx, spec, key, [...path, key], `every value ${symbol} ${value}`, predicate, 'conformity'));
  }
  if (typeof options.multipleOf === 'number' && options.multipleOf > 0) {
    out.checks.push(
      rowsCheck(
        ctx,
        spec,
        'multipleOf',
        [...path, 'multipleOf'],
        `every value a multiple of ${options.multipleOf}`,
        { kind: 'notMultipleOf', divisor: options.multipleOf },
        'conformity',
      ),
    );
  }
  const range = spec.logicalType === 'integer' && typeof options.format === 'string' ? INTEGER_RANGES[options.format] : undefined;
  if (range) {
    const [min, max] = range;
    const predicate: Predicate = max === Number.MAX_VALUE ? { kind: 'valueOutside', min } : { kind: 'valueOutside', min, max };
    out.checks.push(rowsCheck(ctx, spec, 'format', [...path, 'format'], `every value fits ${options.format}`, predicate, 'conformity'));
  }
}

function stringChecks(ctx: CompileContext, spec: FieldSpec, options: Record<string, unknown>, path: PathSegment[], out: Out): void {
  for (const [key, bound] of [
    ['minLength', 'min'],
    ['maxLength', 'max'],
  ] as const) {
    const n = options[key];
    if (typeof n !== 'number') continue;
    const expected = key === 'minLength' ? `every value at least ${n} characters long` : `every value at most ${n} characters long`;
    out.checks.push(rowsCheck(ctx, spec, key, [...path, key], expected, { kind: 'lengthOutside', [bound]: n }, 'conformity'));
  }
  if (typeof options.pattern === 'string') {
    out.checks.push(
      rowsCheck(
        ctx,
        spec,
        'pattern',
        [...path, 'pattern'],
        `every value matches /${options.pattern}/`,
        { kind: 'notMatching', pattern: options.pattern },
        'conformity',
      ),
    );
  }
  if (typeof options.format === 'string') {
    const pattern = FORMAT_PATTERNS[options.format.toLowerCase()];
    if (pattern)
      out.checks.push(
        rowsCheck(ctx, spec, 'format', [...path, 'format'], `every value is a valid ${options.format}`, { kind: 'notMatching', pattern }, 'conformity'),
      );
    else
      out.skipped.push({
        category: 'schema',
        check: 'format',
        field: spec.name,
        severity: 'error',
        location: at(ctx, [...path, 'format']),
        expected: `every value is a valid ${options.format}`,
        reason: `format \`${options.format}\` has no test in dp (known: ${Object.keys(FORMAT_PATTERNS).join(', ')})`,
      });
  }
}

function arrayChecks(ctx: CompileContext, spec: FieldSpec, options: Record<string, unknown>, path: PathSegment[], out: Out): void {
  for (const [key, bound] of [
    ['minItems', 'min'],
    ['maxItems', 'max'],
  ] as const) {
    const n = options[key];
    if (typeof n !== 'number') continue;
    out.checks.push(
      rowsCheck(
        ctx,
        spec,
        key,
        [...path, key],
        `${key === 'minItems' ? 'at least' : 'at most'} ${n} items in every value`,
        { kind: 'itemsOutside', [bound]: n },
        'conformity',
      ),
    );
  }
  if (options.uniqueItems === true) {
    out.checks.push(rowsCheck(ctx, spec, 'uniqueItems', [...path, 'uniqueItems'], 'no repeated item in any value', { kind: 'itemsRepeated' }, 'conformity'));
  }
}

function optionChecks(ctx: CompileContext, spec: FieldSpec, field: SchemaProperty, out: Out): void {
  const options = field.logicalTypeOptions;
  if (!isRecord(options)) return;
  const path = [...spec.path, 'logicalTypeOptions'];
  if (spec.logicalType === 'string') stringChecks(ctx, spec, options, path, out);
  else if (spec.logicalType === 'array') arrayChecks(ctx, spec, options, path, out);
  else if (spec.logicalType !== undefined && ['number', 'integer', 'date', 'timestamp', 'time'].includes(spec.logicalType)) {
    rangeChecks(ctx, spec, options, path, out);
    if ((spec.logicalType === 'date' || spec.logicalType === 'timestamp' || spec.logicalType === 'time') && typeof options.format === 'string') {
      out.skipped.push({
        category: 'schema',
        check: 'format',
        field: spec.name,
        severity: 'error',
        location: at(ctx, [...path, 'format']),
        expected: `values written as ${options.format}`,
        reason: 'a date or time format describes text; the engine holds typed values, so there is no text to test',
      });
    }
  }
}

/** Checks of one field's values: required, unique, logical type options. */
export function fieldConstraints(ctx: CompileContext, spec: FieldSpec, field: SchemaProperty, out: Out): void {
  if (field.required === true) {
    out.checks.push(rowsCheck(ctx, spec, 'required', [...spec.path, 'required'], 'no nulls', { kind: 'isNull' }, 'completeness'));
  }
  if (field.unique === true) {
    out.checks.push({
      category: 'schema',
      check: 'unique',
      field: spec.name,
      severity: 'error',
      dimension: 'uniqueness',
      location: at(ctx, [...spec.path, 'unique']),
      expected: 'no duplicate values (nulls aside)',
      measure: { kind: 'duplicates', fields: [spec.name] },
      threshold: MUST_BE_ZERO,
      unit: 'rows',
      sample: { kind: 'duplicates', fields: [spec.name] },
    });
  }
  optionChecks(ctx, spec, field, out);
}

/** The primary key: no nulls in any key column, and no two rows with the same key (the columns as one tuple). */
export function primaryKeyChecks(ctx: CompileContext, specs: FieldSpec[], out: Out): void {
  const keys = specs.filter((s) => s.primaryKeyPosition !== undefined).sort((a, b) => a.primaryKeyPosition! - b.primaryKeyPosition!);
  if (keys.length === 0) return;
  for (const spec of keys) {
    out.checks.push(rowsCheck(ctx, spec, 'primaryKey', [...spec.path, 'primaryKey'], 'no nulls in a key column', { kind: 'isNull' }, 'completeness'));
  }
  const fields = keys.map((k) => k.name);
  out.checks.push({
    category: 'schema',
    check: 'primaryKey',
    field: fields.join(', '),
    severity: 'error',
    dimension: 'uniqueness',
    location: at(ctx, [...keys[0].path, 'primaryKey']),
    expected: keys.length > 1 ? `no two rows with the same (${fields.join(', ')})` : 'no two rows with the same key',
    measure: { kind: 'duplicates', fields },
    threshold: MUST_BE_ZERO,
    unit: 'rows',
    sample: { kind: 'duplicates', fields },
  });
}

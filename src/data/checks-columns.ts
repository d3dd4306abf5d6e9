/**
 * Schema checks from the engine's catalog, before any row is read: each
 * declared column exists (by its name, else by the same name in another case),
 * its type fits `logicalType`, `physicalType` and the timezone option, and
 * columns the contract does not declare are reported as warnings.
 */
import type { EngineColumn } from './connectors/connector.js';
import type { Dialect } from './sql/dialect.js';
import type { ColumnRef } from './sql/predicate.js';
import { ACCEPTS, familyOf, sameFamily } from './sql/types.js';
import type { FieldSpec, ObjectPlan } from './plan.js';
import type { Owner } from './results.js';
import type { CheckResult } from './types.js';

export interface ColumnMatch {
  columns: Map<string, ColumnRef>;
  results: CheckResult[];
}

function find(columns: EngineColumn[], field: FieldSpec): EngineColumn | undefined {
  const exact = columns.find((c) => c.name === field.column);
  if (exact) return exact;
  const folded = columns.filter((c) => c.name.toLowerCase() === field.column.toLowerCase());
  return folded.length === 1 ? folded[0] : undefined;
}

function typeProblem(field: FieldSpec, column: EngineColumn): string | undefined {
  const timezone = field.timezone;
  const actual = familyOf(column.type);
  if (field.logicalType && actual !== 'unknown' && !ACCEPTS[field.logicalType].includes(actual)) {
    return `column \`${column.name}\` is ${column.type}, which does not hold logicalType ${field.logicalType}`;
  }
  if (field.physicalType && !sameFamily(familyOf(field.physicalType), actual)) {
    return `column \`${column.name}\` is ${column.type}, the contract says physicalType ${field.physicalType}`;
  }
  if (timezone === true && actual === 'timestamp') return `column \`${column.name}\` is ${column.type}, without the time zone the contract promises`;
  if (timezone === false && actual === 'timestamptz') return `column \`${column.name}\` is ${column.type}, with a time zone the contract says it has not`;
  return undefined;
}

export function matchColumns(owner: Owner, plan: ObjectPlan, columns: EngineColumn[], dialect: Dialect): ColumnMatch {
  const refs = new Map<string, ColumnRef>();
  const results: CheckResult[] = [];
  const used = new Set<string>();
  for (const field of plan.fields) {
    const base = { ...owner, field: field.name, category: 'schema' as const, severity: 'error' as const, dimension: 'conformity' };
    const location = field.location;
    const column = find(columns, field);
    if (!column) {
      results.push({
        ...base,
        check: 'exists',
        status: 'failed',
        measured: null,
        expected: `a column \`${field.column}\``,
        message: `column \`${field.column}\` is missing`,
        location,
      });
      continue;
    }
    used.add(column.name);
    const caseNote = column.name === field.column ? '' : ` (matched \`${column.name}\` ignoring case)`;
    results.push({
      ...base,
      check: 'exists',
      status: 'passed',
      measured: column.name,
      unit: 'value',
      expected: `a column \`${field.column}\``,
      message: `present${caseNote}`,
      location,
    });
    const declared = [field.logicalType, field.physicalType].filter(Boolean).join(' / ');
    const problem = typeProblem(field, column);
    if (declared || problem) {
      results.push({
        ...base,
        check: 'type',
        status: problem ? 'failed' : 'passed',
        measured: column.type,
        unit: 'type',
        expected: declared || 'a compatible type',
        message: problem ?? `${column.type} fits ${declared}`,
        location,
      });
    }
    refs.set(field.name, { sql: dialect.ident(column.name), family: familyOf(column.type), column });
  }
  for (const column of columns.filter((c) => !used.has(c.name))) {
    results.push({
      ...owner,
      check: 'undeclaredColumn',
      category: 'schema',
      field: column.name,
      status: 'failed',
      severity: 'warning',
      measured: column.type,
      unit: 'type',
      expected: 'only the columns of the contract',
      message: `column \`${column.name}\` (${column.type}) is not in the contract`,
      location: plan.location,
    });
  }
  return { columns: refs, results };
}

/** The declared fields of a schema object, as the data layer needs them: names, types, sensitivity, keys. */
import { isRecord, records, str, type SchemaObject, type SchemaProperty } from '../../descriptor/model.js';
import type { PathSegment } from '../../descriptor/positions.js';
import type { FieldSpec, LogicalType } from '../plan.js';
import { at, type CompileContext } from './context.js';

const LOGICAL_TYPES = new Set(['string', 'date', 'timestamp', 'time', 'number', 'integer', 'object', 'array', 'boolean']);
const SENSITIVE = new Set(['restricted', 'confidential', 'secret', 'sensitive', 'pii', 'personal']);

function isPersonal(names: string[], patterns: RegExp[]): boolean {
  const snake = names.map((n) => n.replace(/([a-z0-9])([A-Z])/g, '$1_$2'));
  return snake.some((n) => patterns.some((p) => p.test(n)));
}

function position(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

export function fieldSpec(ctx: CompileContext, field: SchemaProperty, path: PathSegment[]): FieldSpec {
  const extra = field as SchemaProperty & { physicalName?: string; primaryKeyPosition?: number; partitioned?: boolean; partitionKeyPosition?: number };
  const name = str(field.name) ?? '';
  const column = str(extra.physicalName) ?? name;
  const logical = str(field.logicalType);
  const classification = str(field.classification)?.toLowerCase();
  const primaryKeyPosition = field.primaryKey === true ? (position(extra.primaryKeyPosition) ?? Number.MAX_SAFE_INTEGER) : undefined;
  const partitionKeyPosition =
    extra.partitioned === true || (position(extra.partitionKeyPosition) ?? 0) > 0
      ? (position(extra.partitionKeyPosition) ?? Number.MAX_SAFE_INTEGER)
      : undefined;
  return {
    name,
    column,
    logicalType: logical && LOGICAL_TYPES.has(logical) ? (logical as LogicalType) : undefined,
    physicalType: str(field.physicalType),
    sensitive: (classification !== undefined && SENSITIVE.has(classification)) || isPersonal([name, column], ctx.personalPatterns),
    primaryKeyPosition,
    partitionKeyPosition,
    timezone: isRecord(field.logicalTypeOptions) && typeof field.logicalTypeOptions.timezone === 'boolean' ? field.logicalTypeOptions.timezone : undefined,
    path,
    location: at(ctx, path),
  };
}

/** Top-level properties of an object (columns); nested ones are reported as not tested. */
export function objectFields(ctx: CompileContext, object: SchemaObject, objectPath: PathSegment[]): Array<{ spec: FieldSpec; field: SchemaProperty }> {
  return records<SchemaProperty>(object.properties)
    .filter(([field]) => typeof field.name === 'string' && field.name !== '')
    .map(([field, i]) => ({ spec: fieldSpec(ctx, field, [...objectPath, 'properties', i]), field }));
}

export const isTemporal = (spec: FieldSpec | undefined): boolean => spec?.logicalType === 'date' || spec?.logicalType === 'timestamp';

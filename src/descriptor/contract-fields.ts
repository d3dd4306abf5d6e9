/** Walking the schema of an ODCS contract: its objects (tables, topics...) and their properties, nested ones included. */
import type { PathSegment } from './positions.js';
import { isRecord, records, str, type SchemaObject, type SchemaProperty } from './model.js';

export interface FieldVisit {
  field: SchemaProperty;
  path: PathSegment[];
  /** The schema object (table, topic...) the field belongs to. */
  object: SchemaObject;
  /** Dotted name from the object down: `orders.customer.email`. */
  qualifiedName: string;
  /** True at the first level of an object, where table-level and column-level rules differ. */
  topLevel: boolean;
}

export interface ObjectVisit {
  object: SchemaObject;
  path: PathSegment[];
}

export function schemaObjects(contract: Record<string, unknown> | undefined): ObjectVisit[] {
  return records<SchemaObject>(contract?.schema).map(([object, i]) => ({ object, path: ['schema', i] }));
}

function visitProperties(
  object: SchemaObject,
  holder: { properties?: unknown; items?: unknown },
  basePath: PathSegment[],
  prefix: string,
  topLevel: boolean,
  out: FieldVisit[],
): void {
  for (const [field, i] of records<SchemaProperty>(holder.properties)) {
    const path = [...basePath, 'properties', i];
    const qualifiedName = `${prefix}.${str(field.name) ?? `#${i + 1}`}`;
    out.push({ field, path, object, qualifiedName, topLevel });
    visitProperties(object, field, path, qualifiedName, false, out);
  }
  if (isRecord(holder.items)) {
    const items = holder.items as unknown as SchemaProperty;
    const path = [...basePath, 'items'];
    visitProperties(object, items, path, prefix, false, out);
  }
}

/** Several rules walk the same contract: the walk is kept per document (documents are never changed once read). */
const VISITS = new WeakMap<object, FieldVisit[]>();

/** Every field of every schema object, depth first, with its path in the document. */
export function contractFields(contract: Record<string, unknown> | undefined): FieldVisit[] {
  if (!contract) return [];
  let out = VISITS.get(contract);
  if (out) return out;
  out = [];
  for (const { object, path } of schemaObjects(contract)) {
    visitProperties(object, object, path, str(object.name) ?? '?', true, out);
  }
  VISITS.set(contract, out);
  return out;
}

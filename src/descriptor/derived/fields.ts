/** The fields and quality rules of a contract as derived files show them. */
import { subjectKindOf } from '../subject-keys.js';
import { isRecord, records, str, type QualityRule, type SchemaObject, type SchemaProperty } from '../model.js';
import { ODCS_OPERATORS } from '../../core/odcs-operators.js';

/** Field names that usually hold personal data (e-mail, phone, names, addresses, birth dates, ids of a person...). */
export const PERSONAL_NAME = /e_?mail|phone|mobile|(^|_)(first|last|full|user|display)_?name$|^name$|address|birth|(^|_)ip$|ssn|passport|iban/i;

export interface FieldFacts {
  name: string;
  type: string;
  physicalType?: string;
  description?: string;
  classification?: string;
  key: boolean;
  required: boolean;
  unique: boolean;
  partitioned: boolean;
  /** Named like personal data. */
  personal: boolean;
  /** The kind of data subject it identifies, when the contract marks it a subject key (src/descriptor/subject-keys.ts). */
  subject?: string;
  examples?: unknown[];
  validValues?: unknown[];
}

export interface QualityFacts {
  id: string;
  port: string;
  element: string;
  metric?: string;
  type?: string;
  dimension?: string;
  severity?: string;
  operator?: string;
  threshold?: unknown;
  arguments?: Record<string, unknown>;
  query?: string;
  description?: string;
}

export const OPERATORS: readonly string[] = ODCS_OPERATORS;

function validValuesOf(field: SchemaProperty): unknown[] | undefined {
  for (const [rule] of records<QualityRule>(field.quality)) {
    const values = isRecord(rule.arguments) ? rule.arguments.validValues : undefined;
    if (rule.metric === 'invalidValues' && Array.isArray(values)) return [...values];
  }
  return undefined;
}

function oneField(field: SchemaProperty, name: string): FieldFacts {
  const facts: FieldFacts = {
    name,
    type: String(field.logicalType ?? ''),
    key: field.primaryKey === true,
    required: field.required === true || field.primaryKey === true,
    unique: field.unique === true,
    partitioned: (field as { partitioned?: unknown }).partitioned === true,
    personal: PERSONAL_NAME.test(String(field.name ?? '')),
  };
  if (str(field.physicalType)) facts.physicalType = field.physicalType;
  if (str(field.description)) facts.description = field.description;
  if (str(field.classification)) facts.classification = field.classification;
  const subject = subjectKindOf(field as unknown as Record<string, unknown>);
  if (subject) facts.subject = subject;
  if (Array.isArray(field.examples)) facts.examples = [...field.examples];
  const valid = validValuesOf(field);
  if (valid) facts.validValues = valid;
  return facts;
}

/** The first-level fields of every object; named `object.field` when the contract has several objects. */
export function fieldFacts(objects: SchemaObject[]): FieldFacts[] {
  const qualify = objects.length > 1;
  return objects.flatMap((o) => records<SchemaProperty>(o.properties).map(([f]) => oneField(f, qualify ? `${o.name}.${f.name}` : String(f.name ?? ''))));
}

/** Fields whose values identify a person: named like personal data, classified restricted, or marked a subject key. */
export function subjectFields(fields: FieldFacts[]): FieldFacts[] {
  return fields.filter((f) => f.personal || f.classification === 'restricted' || f.subject !== undefined);
}

function ruleFacts(rule: QualityRule, port: string, element: string, index: number): QualityFacts {
  const name = rule.metric ?? rule.name ?? rule.type ?? `rule${index + 1}`;
  const facts: QualityFacts = { id: `${element.includes('.') ? `${port}.${element.slice(element.indexOf('.') + 1)}` : port}.${name}`, port, element };
  if (str(rule.metric)) facts.metric = rule.metric;
  else if (str(rule.type)) facts.type = rule.type;
  if (str(rule.dimension)) facts.dimension = rule.dimension;
  if (str(rule.severity)) facts.severity = rule.severity;
  const operator = OPERATORS.find((op) => rule[op] !== undefined);
  if (operator) {
    facts.operator = operator;
    facts.threshold = structuredClone(rule[operator]);
  }
  if (isRecord(rule.arguments)) facts.arguments = structuredClone(rule.arguments);
  if (str(rule.query)) facts.query = rule.query;
  if (!facts.metric && str(rule.description)) facts.description = rule.description;
  return facts;
}

function propertyRules(port: string, object: string, holder: { properties?: unknown }, prefix: string, out: QualityFacts[]): void {
  for (const [field] of records<SchemaProperty>(holder.properties)) {
    const element = `${prefix}.${field.name}`;
    records<QualityRule>(field.quality).forEach(([rule, i]) => out.push(ruleFacts(rule, port, element, i)));
    propertyRules(port, object, field, element, out);
  }
}

/** Every quality rule of the contract: each object's own rules, then its fields' rules (nested ones too). */
export function qualityFacts(port: string, objects: SchemaObject[]): QualityFacts[] {
  const out: QualityFacts[] = [];
  for (const object of objects) {
    records<QualityRule>(object.quality).forEach(([rule, i]) => out.push(ruleFacts(rule, port, String(object.name), i)));
    propertyRules(port, String(object.name), object, String(object.name), out);
  }
  const seen = new Map<string, number>();
  for (const q of out) {
    const n = (seen.get(q.id) ?? 0) + 1;
    seen.set(q.id, n);
    if (n > 1) q.id = `${q.id}#${n}`;
  }
  return out;
}

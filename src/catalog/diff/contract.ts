/** Changes inside one contract: schema objects, their fields (nested ones too) and SLA properties. */
import { contractFields, schemaObjects, type FieldVisit } from '../../descriptor/contract-fields.js';
import { str } from '../../descriptor/model.js';
import type { Change } from '../store.js';
import { diffField } from './fields.js';
import { change } from './rules.js';
import { diffSla } from './sla.js';

export interface ContractScope {
  contractId: string;
  /** Output ports (of the old version) publishing this contract. */
  ports: string[];
}

function fieldsByName(contract: Record<string, unknown>): Map<string, FieldVisit> {
  const map = new Map<string, FieldVisit>();
  for (const visit of contractFields(contract)) if (!map.has(visit.qualifiedName)) map.set(visit.qualifiedName, visit);
  return map;
}

function objectNames(contract: Record<string, unknown>): string[] {
  return schemaObjects(contract).map(({ object, path }) => str(object.name) ?? `#${Number(path[1]) + 1}`);
}

function diffObjects(before: Record<string, unknown>, after: Record<string, unknown>, scope: ContractScope): Change[] {
  const [a, b] = [objectNames(before), objectNames(after)];
  return [
    ...a
      .filter((n) => !b.includes(n))
      .map((n) => change('schema-object-removed', `${scope.contractId}: schema object ${n} was removed`, { ...scope, path: `schema.${n}` })),
    ...b
      .filter((n) => !a.includes(n))
      .map((n) => change('schema-object-added', `${scope.contractId}: schema object ${n} was added`, { ...scope, path: `schema.${n}` })),
  ];
}

/** True when the field's object or parent field is itself new (or gone): only the top-most change is reported. */
function coveredByParent(name: string, objects: Set<string>, fields: Map<string, FieldVisit>): boolean {
  const parts = name.split('.');
  if (!objects.has(parts[0])) return true;
  return parts.length > 2 && !fields.has(parts.slice(0, -1).join('.'));
}

const parentOf = (name: string) => name.slice(0, name.lastIndexOf('.'));
const typeOf = (visit: FieldVisit) => `${str(visit.field.logicalType) ?? ''}|${str(visit.field.physicalType) ?? ''}`;

/**
 * The one field added beside a removed one with the same types, if there is exactly one: most
 * likely the same field renamed. Still a removal for consumers reading the old name (breaking);
 * the name only helps the author read the change.
 */
function renamedTo(name: string, visit: FieldVisit, old: Map<string, FieldVisit>, now: Map<string, FieldVisit>): string | undefined {
  const candidates = [...now].filter(([n, v]) => !old.has(n) && parentOf(n) === parentOf(name) && typeOf(v) === typeOf(visit));
  return candidates.length === 1 ? candidates[0][0].slice(parentOf(name).length + 1) : undefined;
}

function diffFields(before: Record<string, unknown>, after: Record<string, unknown>, scope: ContractScope): Change[] {
  const old = fieldsByName(before);
  const now = fieldsByName(after);
  const [oldObjects, newObjects] = [new Set(objectNames(before)), new Set(objectNames(after))];
  const out: Change[] = [];
  for (const [name, visit] of old) {
    const next = now.get(name);
    const fieldScope = { ...scope, path: `schema.${name}` };
    if (next) out.push(...diffField(visit.field, next.field, fieldScope));
    else if (!coveredByParent(name, newObjects, now)) {
      const renamed = renamedTo(name, visit, old, now);
      const hint = renamed ? ` (renamed to ${renamed}? consumers reading ${name.slice(parentOf(name).length + 1)} break all the same)` : '';
      out.push(change('field-removed', `${scope.contractId}: field ${name} was removed${hint}`, fieldScope));
    }
  }
  for (const [name, visit] of now) {
    if (old.has(name) || coveredByParent(name, oldObjects, old)) continue;
    const required = visit.field.required === true ? ' (required)' : '';
    out.push(change('field-added', `${scope.contractId}: field ${name} was added${required}`, { ...scope, path: `schema.${name}` }));
  }
  return out;
}

/** Every change between two versions of one contract. */
export function diffContract(before: Record<string, unknown>, after: Record<string, unknown>, scope: ContractScope): Change[] {
  return [...diffObjects(before, after, scope), ...diffFields(before, after, scope), ...diffSla(before, after, scope)];
}

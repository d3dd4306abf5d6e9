/**
 * What an SLA `element` may name, as ODCS's text says: an element is an object
 * or a property, written `object.property` (nested properties go on with dots),
 * with the object name left out when the contract has only one object; several
 * elements are separated by commas. Names and physical names both work.
 */
import { schemaObjects } from './contract-fields.js';
import { isRecord, records, str, type SchemaProperty } from './model.js';

function namesOf(node: { name?: unknown; physicalName?: unknown }): string[] {
  return [str(node.name), str(node.physicalName)].filter((n): n is string => n !== undefined);
}

function addProperties(holder: { properties?: unknown; items?: unknown }, prefixes: string[], out: Set<string>): void {
  for (const [property] of records<SchemaProperty>(holder.properties)) {
    const paths = prefixes.flatMap((p) => namesOf(property).map((n) => (p ? `${p}.${n}` : n)));
    for (const path of paths) out.add(path);
    addProperties(property, paths, out);
  }
  if (isRecord(holder.items)) addProperties(holder.items as { properties?: unknown }, prefixes, out);
}

/** Every element an SLA property of this contract may name; empty when the contract has no schema to check against. */
export function slaElements(contract: Record<string, unknown> | undefined): Set<string> {
  const out = new Set<string>();
  const objects = schemaObjects(contract);
  for (const { object } of objects) {
    const names = namesOf(object);
    for (const name of names) out.add(name);
    addProperties(object, names, out);
    if (objects.length === 1) addProperties(object, [''], out);
  }
  return out;
}

/** The elements of an `element` value: comma-separated, trimmed. */
export function elementList(value: unknown): string[] {
  return (str(value) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

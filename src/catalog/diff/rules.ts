/**
 * Every kind of change dp recognises between two versions of a product, with
 * its class. Breaking changes need a new major version: consumers of the
 * affected output ports could break.
 */
import type { Change, ChangeClass } from '../store.js';

export const CHANGE_RULES = {
  'output-port-removed': { class: 'breaking', about: 'an output port was removed' },
  'output-port-added': { class: 'non-breaking', about: 'an output port was added' },
  'output-port-contract-changed': { class: 'breaking', about: "an output port's contract id changed" },
  'output-port-version-changed': { class: 'non-breaking', about: "an output port's version changed" },
  'input-port-added': { class: 'non-breaking', about: 'an input port was added' },
  'input-port-removed': { class: 'non-breaking', about: 'an input port was removed' },
  'product-metadata-changed': { class: 'non-breaking', about: 'name, domain, status, tags or descriptions changed' },
  'team-changed': { class: 'ownership', about: 'the owning team (team.name) changed: an ownership transfer' },
  'contract-added': { class: 'non-breaking', about: 'a contract was added' },
  'contract-removed': { class: 'non-breaking', about: 'a contract no output port uses was removed' },
  'schema-object-removed': { class: 'breaking', about: 'a table, topic or other schema object was removed' },
  'schema-object-added': { class: 'non-breaking', about: 'a schema object was added' },
  'field-removed': { class: 'breaking', about: 'a field was removed' },
  'field-added': { class: 'non-breaking', about: 'a field was added' },
  'field-type-changed': { class: 'breaking', about: "a field's logical or physical type changed" },
  'field-type-widened': { class: 'non-breaking', about: "a field's physical type grew (varchar(64) to varchar(128))" },
  'field-made-required': { class: 'breaking', about: 'a field became required' },
  'field-made-optional': { class: 'breaking', about: 'a required field became optional (consumers may now get nulls)' },
  'field-enum-value-removed': { class: 'breaking', about: 'an allowed value of a field was removed' },
  'field-enum-value-added': { class: 'non-breaking', about: 'an allowed value of a field was added' },
  'field-constraint-tightened': { class: 'breaking', about: 'a pattern, length, range or format constraint was added or narrowed' },
  'field-constraint-loosened': { class: 'non-breaking', about: 'a constraint was removed or widened' },
  'field-primary-key-changed': { class: 'breaking', about: 'a field joined or left the primary key' },
  'field-unique-removed': { class: 'breaking', about: 'a field is no longer unique' },
  'field-unique-added': { class: 'non-breaking', about: 'a field became unique' },
  'field-classification-changed': { class: 'non-breaking', about: "a field's data classification changed" },
  'sla-weakened': { class: 'breaking', about: 'an SLA promise got weaker (shorter retention, longer latency or frequency, lower availability)' },
  'sla-removed': { class: 'breaking', about: 'an SLA property was removed' },
  'sla-strengthened': { class: 'non-breaking', about: 'an SLA promise got stronger' },
  'sla-added': { class: 'non-breaking', about: 'an SLA property was added' },
  'sla-changed': { class: 'non-breaking', about: 'an SLA property changed in a way dp cannot rank' },
} as const satisfies Record<string, { class: ChangeClass; about: string }>;

export type ChangeRuleId = keyof typeof CHANGE_RULES;

export interface ChangeDetails {
  ports?: string[];
  contractId?: string;
  path?: string;
  before?: unknown;
  after?: unknown;
}

/** A change of a known rule, its class taken from the catalogue. */
export function change(ruleId: ChangeRuleId, message: string, details: ChangeDetails = {}): Change {
  const out: Change = { ruleId, class: CHANGE_RULES[ruleId].class, message, ports: details.ports ?? [] };
  if (details.contractId !== undefined) out.contractId = details.contractId;
  if (details.path !== undefined) out.path = details.path;
  if (details.before !== undefined) out.before = details.before;
  if (details.after !== undefined) out.after = details.after;
  return out;
}

export const isBreaking = (c: Change): boolean => c.class === 'breaking';

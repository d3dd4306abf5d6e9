/**
 * The derived YAML files of a product, as data built from its facts: the control port's
 * policies, the observation port's SLOs and quality checks. `dp init` and `dp sync` write them;
 * `dp validate` compares them with what the files say.
 */
import type { ProductFacts } from './facts.js';
import { subjectFields } from './fields.js';

export const DERIVED_GENERATORS = ['observation-slos', 'observation-checks', 'control-policies'] as const;
export type DerivedGenerator = (typeof DERIVED_GENERATORS)[number];

export function isDerivedGenerator(name: string): name is DerivedGenerator {
  return (DERIVED_GENERATORS as readonly string[]).includes(name);
}

/** What each derived file is built from, in its header. */
export const DERIVED_HEADERS: Record<DerivedGenerator, string> = {
  'observation-slos': '# Derived from the SLA properties of contracts/*.odcs.yaml by dp; `dp sync` regenerates it after a contract changes.',
  'observation-checks': '# Derived from the quality rules of contracts/*.odcs.yaml by dp; `dp sync` regenerates it after a contract changes.',
  'control-policies':
    '# The policies of this product as the control port enforces them, derived from the descriptor and contracts by dp; `dp sync` regenerates it.',
};

function measuredBy(property: string): string {
  const p = property.toLowerCase();
  if (p === 'retention') return 'oldest record age';
  if (p === 'frequency') return 'time between successful refreshes';
  if (p === 'latency' || p === 'freshness') return 'age of the newest record';
  return `the ${property} of the port`;
}

export function observationSlos(facts: ProductFacts): Record<string, unknown> {
  return {
    product: facts.id,
    ...(facts.urls.observation ? { publishTo: facts.urls.observation } : {}),
    slos: facts.outputs.flatMap((o) =>
      o.sla.map((s) => ({
        port: o.name,
        ...(o.contractId ? { contractId: o.contractId } : {}),
        indicator: s.property,
        objective: { value: structuredClone(s.value), ...(s.unit ? { unit: s.unit } : {}) },
        ...(s.element ? { element: s.element } : {}),
        meaning: s.meaning,
        measuredBy: measuredBy(s.property),
      })),
    ),
  };
}

export function observationChecks(facts: ProductFacts): Record<string, unknown> {
  return {
    product: facts.id,
    source: 'the quality rules of contracts/*.odcs.yaml; `dp sync` regenerates this file, `dp test` runs the checks',
    checks: facts.outputs.flatMap((o) => o.quality.map((q) => structuredClone(q))),
  };
}

export function controlPolicies(facts: ProductFacts): Record<string, unknown> {
  return {
    product: facts.id,
    ...(facts.controlChannel ? { channel: facts.controlChannel } : {}),
    retention: facts.outputs.map((o) => ({ port: o.name, days: o.retentionDays ?? null, ...(o.location ? { enforcedOn: o.location } : {}) })),
    access: facts.outputs.map((o) => ({
      port: o.name,
      roles: o.roles.map((r) => ({ role: r.role, access: r.access, ...(r.approver ? { approver: r.approver } : {}) })),
    })),
    classification: facts.outputs.map((o) => ({ port: o.name, fields: Object.fromEntries(o.fields.map((f) => [f.name, f.classification ?? null])) })),
    erasure: {
      handler: 'ports/control/erasure_handler.py',
      command: 'dp erase apply --server <server> --yes',
      requests: `erasure requests (right to be forgotten) are filed in the catalog (dp erase request)${facts.controlChannel ? `; notices arrive on ${facts.controlChannel}` : ''}`,
      subjects: facts.outputs
        .map((o) => ({
          port: o.name,
          fields: subjectFields(o.fields).map((f) => f.name),
          key: o.fields.find((f) => f.key)?.name ?? null,
          subjectKeys: o.fields.filter((f) => f.subject !== undefined).map((f) => ({ field: f.name, kind: f.subject })),
        }))
        .filter((s) => s.fields.length > 0),
    },
  };
}

export const DERIVED_DATA: Record<DerivedGenerator, (facts: ProductFacts) => Record<string, unknown>> = {
  'observation-slos': observationSlos,
  'observation-checks': observationChecks,
  'control-policies': controlPolicies,
};

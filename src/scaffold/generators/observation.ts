/**
 * ports/observation/: the SLOs and quality checks the observation port
 * measures and publishes, derived from the contracts so they cannot drift.
 */
import type { OutputModel, ProductModel } from '../model.js';

const OPERATORS = ['mustBe', 'mustNotBe', 'mustBeGreaterThan', 'mustBeGreaterOrEqualTo', 'mustBeLessThan', 'mustBeLessOrEqualTo'];

export function observationSlos(p: ProductModel): Record<string, unknown> {
  return {
    product: p.id,
    publishTo: p.urls.observation,
    slos: p.outputs.flatMap((o) =>
      o.sla.map((s) => ({
        port: o.name,
        contractId: o.contractId,
        indicator: s.property,
        objective: { value: s.value, unit: s.unit },
        meaning: s.text,
        measuredBy: s.property === 'retention' ? 'oldest record age' : s.property === 'frequency' ? 'time between successful refreshes' : 'age of the newest record',
      })),
    ),
  };
}

interface Check {
  id: string;
  port: string;
  element: string;
  metric: string;
  dimension: string;
  severity: string;
  operator: string;
  threshold: unknown;
  arguments?: unknown;
}

function checksOf(o: OutputModel): Check[] {
  const checks: Check[] = [{ id: `${o.name}.rowCount`, port: o.name, element: o.object.name, metric: 'rowCount', dimension: 'completeness', severity: 'error', operator: 'mustBeGreaterThan', threshold: 0 }];
  for (const f of o.fields) {
    const rules: Array<[string, string, string, unknown]> = [];
    if (f.key || f.required) rules.push(['nullValues', 'completeness', 'error', undefined]);
    if (f.key || f.unique) rules.push(['duplicateValues', 'uniqueness', 'error', undefined]);
    if (f.validValues) rules.push(['invalidValues', 'conformity', 'warning', { validValues: [...f.validValues] }]);
    for (const [metric, dimension, severity, args] of rules) {
      checks.push({ id: `${o.name}.${f.name}.${metric}`, port: o.name, element: `${o.object.name}.${f.name}`, metric, dimension, severity, operator: OPERATORS[0], threshold: 0, ...(args ? { arguments: args } : {}) });
    }
  }
  return checks;
}

export function observationChecks(p: ProductModel): Record<string, unknown> {
  return {
    product: p.id,
    source: 'generated from the quality rules of contracts/*.odcs.yaml; regenerate rather than edit',
    checks: p.outputs.flatMap(checksOf),
  };
}

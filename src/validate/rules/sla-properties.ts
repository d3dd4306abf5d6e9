import { contractFields, schemaObjects } from '../../descriptor/contract-fields.js';
import { DURATION_UNITS } from '../../descriptor/duration.js';
import { str } from '../../descriptor/model.js';
import { DATE_PROPERTIES, DURATION_LARGER_IS_BETTER, DURATION_SMALLER_IS_BETTER, KNOWN_SLA_PROPERTIES, PERCENT_PROPERTIES, slaDays, slaEntries, type SlaEntry } from '../../descriptor/sla.js';
import { didYouMean } from '../../util/suggest.js';
import { defineRule, type Report } from '../rule.js';

const DURATIONS = [...DURATION_SMALLER_IS_BETTER, ...DURATION_LARGER_IS_BETTER];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function elementNames(contract: Record<string, unknown> | undefined): Set<string> {
  const names = new Set<string>();
  for (const { object } of schemaObjects(contract)) {
    for (const n of [object.name, object.physicalName]) if (typeof n === 'string') names.add(n);
  }
  for (const { object, field } of contractFields(contract)) {
    for (const table of [object.name, object.physicalName]) {
      for (const column of [field.name, (field as { physicalName?: string }).physicalName]) {
        if (typeof table === 'string' && typeof column === 'string') names.add(`${table}.${column}`);
      }
    }
  }
  return names;
}

function checkValue(entry: SlaEntry, report: (r: Report) => void): void {
  const { sla, index, name } = entry;
  const path = ['slaProperties', index];
  if (DURATIONS.includes(name) && slaDays(sla) === undefined) {
    const unit = str(sla.unit);
    report({
      path: [...path, unit && typeof sla.value === 'number' ? 'unit' : 'value'],
      message: `\`${name}\` must be a duration: a non-negative number with a unit, or an ISO 8601 duration such as P30D`,
      hint: unit ? `known units: ${DURATION_UNITS.filter((u) => u.length <= 2).join(', ')}, day(s), hour(s), year(s)...` : 'add `unit: d` (days), `h`, `m`, `y`...',
    });
  }
  if (DATE_PROPERTIES.includes(name) && !(typeof sla.value === 'string' && ISO_DATE.test(sla.value) && !Number.isNaN(Date.parse(sla.value)))) {
    report({ path: [...path, 'value'], message: `\`${name}\` must be an ISO 8601 date or date-time`, hint: 'for example "2027-01-31" or "2027-01-31T00:00:00Z"' });
  }
  if (PERCENT_PROPERTIES.includes(name) && sla.unit === 'percent' && !(typeof sla.value === 'number' && sla.value >= 0 && sla.value <= 100)) {
    report({ path: [...path, 'value'], message: `\`${name}\` is a percentage and must be between 0 and 100` });
  }
}

function checkLifecycleOrder(entries: SlaEntry[], report: (r: Report) => void): void {
  const dates = DATE_PROPERTIES.map((n) => entries.find((e) => e.name === n)).map((e) => (e && typeof e.sla.value === 'string' ? { e, t: Date.parse(e.sla.value) } : undefined));
  for (let i = 1; i < dates.length; i += 1) {
    const earlier = dates.slice(0, i).filter((d) => d && !Number.isNaN(d.t)).pop();
    const current = dates[i];
    if (earlier && current && !Number.isNaN(current.t) && current.t < earlier.t) {
      report({ path: ['slaProperties', current.e.index, 'value'], message: `\`${current.e.name}\` is before \`${earlier.e.name}\``, hint: 'the lifecycle runs generalAvailability, then endOfSupport, then endOfLife' });
    }
  }
}

export default defineRule({
  id: 'sla-properties',
  description: 'SLA properties are well formed: known names, durations with units, ISO dates in lifecycle order, elements that exist in the schema.',
  help: 'SLA properties are the guarantees consumers judge a product by (retention, latency, frequency...). They are checked by the observation port and compared by `dp publish`, so they must be machine-readable.',
  category: 'structure',
  severity: 'error',
  scope: 'contract',
  check({ file, report }) {
    const entries = slaEntries(file.value);
    const elements = elementNames(file.value);
    const seen = new Set<string>();
    for (const entry of entries) {
      const { sla, index, name } = entry;
      if (!KNOWN_SLA_PROPERTIES.includes(name)) {
        report({ path: ['slaProperties', index, 'property'], message: `unknown SLA property \`${name}\``, hint: didYouMean(name, KNOWN_SLA_PROPERTIES) ?? `known: ${KNOWN_SLA_PROPERTIES.join(', ')}` });
        continue;
      }
      if (name !== 'timeOfAvailability' && seen.has(name) && sla.element === undefined) {
        report({ path: ['slaProperties', index, 'property'], message: `SLA property \`${name}\` is declared twice`, hint: 'keep one value, or give each an `element`' });
      }
      seen.add(name);
      checkValue(entry, report);
      for (const element of (str(sla.element) ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
        if (elements.size > 0 && !elements.has(element)) {
          report({ path: ['slaProperties', index, 'element'], message: `SLA element \`${element}\` is not in the contract schema`, hint: didYouMean(element, elements) ?? 'use <object>.<property> from the schema' });
        }
      }
    }
    checkLifecycleOrder(entries, report);
  },
});

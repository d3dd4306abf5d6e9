import { DURATION_UNITS } from '../../descriptor/duration.js';
import { elementList, slaElements } from '../../descriptor/sla-elements.js';
import { str } from '../../descriptor/model.js';
import {
  DATE_PROPERTIES,
  DURATION_LARGER_IS_BETTER,
  DURATION_SMALLER_IS_BETTER,
  PERCENT_PROPERTIES,
  slaDays,
  slaEntries,
  type SlaEntry,
} from '../../descriptor/sla.js';
import { didYouMean } from '../../util/suggest.js';
import { defineRule, type Report } from '../rule.js';

const DURATIONS = [...DURATION_SMALLER_IS_BETTER, ...DURATION_LARGER_IS_BETTER];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function written(entry: SlaEntry): string {
  return entry.name === entry.property ? `\`${entry.name}\`` : `\`${entry.name}\` (${entry.property})`;
}

function isDate(value: unknown): boolean {
  const text = value instanceof Date ? value.toISOString() : value;
  return typeof text === 'string' && ISO_DATE.test(text) && !Number.isNaN(Date.parse(text));
}

function percentOf(entry: SlaEntry): number | undefined {
  const { value, unit } = entry.sla;
  if (typeof value === 'number' && /^(percent|%)$/i.test(str(unit) ?? '')) return value;
  const match = typeof value === 'string' ? /^\s*(-?\d+(?:\.\d+)?)\s*%\s*$/.exec(value) : null;
  return match ? Number(match[1]) : undefined;
}

function checkValue(entry: SlaEntry, report: (r: Report) => void): void {
  const { sla, index, property } = entry;
  const path = ['slaProperties', index];
  if (property && DURATIONS.includes(property) && slaDays(sla) === undefined) {
    const unit = str(sla.unit);
    report({
      path: [...path, unit && typeof sla.value === 'number' ? 'unit' : 'value'],
      message: `${written(entry)} must be a duration, got ${JSON.stringify(sla.value)}${unit ? ` ${unit}` : typeof sla.value === 'number' ? ' with no unit' : ''}`,
      hint: unit
        ? `known units: ${DURATION_UNITS.filter((u) => u.length <= 3).join(', ')}, day(s), hour(s), year(s)...`
        : 'a number with `unit: d` (days), `h`, `min`, `y`..., or an ISO 8601 duration such as P30D',
    });
  }
  if (property && DATE_PROPERTIES.includes(property) && !isDate(sla.value)) {
    const hint =
      property === 'generalAvailability'
        ? 'the date the data became generally available, for example "2027-01-31"; for uptime, use `availability`'
        : 'for example "2027-01-31" or "2027-01-31T00:00:00Z"';
    report({ path: [...path, 'value'], message: `${written(entry)} must be an ISO 8601 date or date-time, got ${JSON.stringify(sla.value)}`, hint });
  }
  const percent = property && PERCENT_PROPERTIES.includes(property) ? percentOf(entry) : undefined;
  if (percent !== undefined && (percent < 0 || percent > 100)) {
    report({ path: [...path, 'value'], message: `${written(entry)} is a percentage and must be between 0 and 100, got ${percent}` });
  }
}

function checkLifecycleOrder(entries: SlaEntry[], report: (r: Report) => void): void {
  const dates = DATE_PROPERTIES.map((n) => entries.find((e) => e.property === n)).map((e) =>
    e && isDate(e.sla.value) ? { e, t: Date.parse(String(e.sla.value)) } : undefined,
  );
  for (let i = 1; i < dates.length; i += 1) {
    const earlier = dates
      .slice(0, i)
      .filter((d) => d !== undefined)
      .pop();
    const current = dates[i];
    if (earlier && current && current.t < earlier.t) {
      report({
        path: ['slaProperties', current.e.index, 'value'],
        message: `${written(current.e)} is before ${written(earlier.e)}`,
        hint: 'the lifecycle runs generalAvailability, then endOfSupport, then endOfLife',
      });
    }
  }
}

/** Elements the schema does not have, each reported once, where it is first named (by `slaDefaultElement` or a property). */
function checkElements(contract: Record<string, unknown> | undefined, entries: SlaEntry[], report: (r: Report) => void): void {
  const named = [
    { path: ['slaDefaultElement'], value: contract?.slaDefaultElement },
    ...entries.map((e) => ({ path: ['slaProperties', e.index, 'element'], value: e.sla.element })),
  ].filter((n) => n.value !== undefined);
  if (named.length === 0) return;
  const elements = slaElements(contract);
  if (elements.size === 0) return;
  const uses = new Map<string, Array<Array<string | number>>>();
  for (const { path, value } of named) {
    for (const element of elementList(value)) if (!elements.has(element)) uses.set(element, [...(uses.get(element) ?? []), path]);
  }
  for (const [element, paths] of uses) {
    const more = paths.length > 1 ? ` (named ${paths.length} times)` : '';
    report({
      path: paths[0],
      message: `SLA element \`${element}\` is not in the contract's schema${more}`,
      hint: didYouMean(element, elements) ?? 'name an object, or a property as <object>.<property> (the object may be left out when the contract has one)',
    });
  }
}

export default defineRule({
  id: 'sla-properties',
  description:
    'SLA properties can be read as ODCS defines them: durations with a unit, ISO dates in lifecycle order, percentages within 0-100, one value per property and element, elements that exist in the schema.',
  help: 'ODCS puts no limit on SLA property names; its recommended ones (latency, retention, frequency, availability... case-insensitive, with synonyms such as `ly` and `re`) have a meaning dp checks, because the observation port measures them and `dp publish` compares them between versions. See docs/validate.md for how units are read.',
  category: 'structure',
  basis: 'standard',
  severity: 'error',
  scope: 'contract',
  check({ file, report }) {
    const entries = slaEntries(file.value);
    const seen = new Set<string>();
    checkElements(file.value, entries, report);
    for (const entry of entries) {
      checkValue(entry, report);
      if (!entry.property || entry.property === 'timeOfAvailability') continue;
      const element = str(entry.sla.element) ?? '';
      const key = `${entry.property}|${element.includes(',') ? elementList(element).join(',') : element.trim()}`;
      if (seen.has(key))
        report({
          path: ['slaProperties', entry.index, 'property'],
          message: `SLA property ${written(entry)} is declared twice for the same element`,
          hint: 'keep one value, or give each an `element`',
        });
      seen.add(key);
    }
    checkLifecycleOrder(entries, report);
  },
});

/**
 * SLA properties of ODCS contracts, read as the standard's text defines them:
 * "there is no limit on the type of properties"; the recommended ones (the Data
 * QoS periodic table) are case-insensitive and have two-letter synonyms
 * (`ly` for latency, `re` for retention...). `freshness` is read as latency
 * (the text: latency is "preferred to freshness"), and `timeOfAvailability`
 * (in the text's own example) is known too.
 */
import { records, str, type SlaProperty } from './model.js';
import { toDays } from './duration.js';

/** Recommended properties with their synonyms (ODCS v3.1.0, service-level agreement). */
export const SLA_SYNONYMS: Readonly<Record<string, string>> = {
  availability: 'av',
  throughput: 'th',
  errorRate: 'er',
  generalAvailability: 'ga',
  endOfSupport: 'es',
  endOfLife: 'el',
  retention: 're',
  frequency: 'fy',
  latency: 'ly',
  timeToDetect: 'td',
  timeToNotify: 'tn',
  timeToRepair: 'tr',
};

/** Durations where a smaller value is a stronger promise (data arrives sooner, more often). */
/** `freshness` is the older name of `latency` (ODCS prefers latency), read the same way. */
export const DURATION_SMALLER_IS_BETTER = ['latency', 'freshness', 'frequency', 'timeToDetect', 'timeToNotify', 'timeToRepair'];
/** Durations where a larger value is a stronger promise (data kept longer). */
export const DURATION_LARGER_IS_BETTER = ['retention'];
export const DATE_PROPERTIES = ['generalAvailability', 'endOfSupport', 'endOfLife'];
export const PERCENT_PROPERTIES = ['availability', 'errorRate'];
export const KNOWN_SLA_PROPERTIES = [...Object.keys(SLA_SYNONYMS), 'timeOfAvailability'];

const CANONICAL = new Map<string, string>([
  ...KNOWN_SLA_PROPERTIES.map((n): [string, string] => [n.toLowerCase(), n]),
  ...Object.entries(SLA_SYNONYMS).map(([n, s]): [string, string] => [s, n]),
  ['freshness', 'latency'],
]);

/** The recommended name a property stands for (`Retention`, `re` -> `retention`); undefined for any other name. */
export function canonicalSla(name: string): string | undefined {
  return CANONICAL.get(name.trim().toLowerCase());
}

export interface SlaEntry {
  sla: SlaProperty;
  index: number;
  /** The name as written. */
  name: string;
  /** The recommended property it stands for, when it is one. */
  property?: string;
}

export function slaEntries(contract: Record<string, unknown> | undefined): SlaEntry[] {
  return records<SlaProperty>(contract?.slaProperties)
    .map(([sla, index]) => {
      const name = str(sla.property) ?? '';
      return { sla, index, name, property: canonicalSla(name) };
    })
    .filter((e) => e.name !== '');
}

/** The property's value in days when it is a duration; undefined otherwise. */
export function slaDays(sla: SlaProperty): number | undefined {
  return toDays(sla.value, sla.unit);
}

/** First SLA entry for a property, whatever its case or synonym (`Retention`, `re`). */
export function findSla(contract: Record<string, unknown> | undefined, name: string): SlaEntry | undefined {
  const wanted = canonicalSla(name) ?? name.toLowerCase();
  return slaEntries(contract).find((e) => (e.property ?? e.name.toLowerCase()) === wanted);
}

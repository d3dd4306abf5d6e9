/** SLA properties of ODCS contracts: the known names and how to read their values. */
import { records, str, type SlaProperty } from './model.js';
import { toDays } from './duration.js';

/** Durations where a smaller value is a stronger promise (data arrives sooner, more often). */
/** `freshness` is the older name of `latency` (ODCS prefers latency), read the same way. */
export const DURATION_SMALLER_IS_BETTER = ['latency', 'freshness', 'frequency', 'timeToDetect', 'timeToNotify', 'timeToRepair'];
/** Durations where a larger value is a stronger promise (data kept longer). */
export const DURATION_LARGER_IS_BETTER = ['retention'];
export const DATE_PROPERTIES = ['generalAvailability', 'endOfSupport', 'endOfLife'];
export const PERCENT_PROPERTIES = ['availability', 'errorRate'];
export const KNOWN_SLA_PROPERTIES = [
  ...DURATION_SMALLER_IS_BETTER,
  ...DURATION_LARGER_IS_BETTER,
  ...DATE_PROPERTIES,
  ...PERCENT_PROPERTIES,
  'throughput',
  'timeOfAvailability',
];

export interface SlaEntry {
  sla: SlaProperty;
  index: number;
  name: string;
}

export function slaEntries(contract: Record<string, unknown> | undefined): SlaEntry[] {
  return records<SlaProperty>(contract?.slaProperties)
    .map(([sla, index]) => ({ sla, index, name: str(sla.property) ?? '' }))
    .filter((e) => e.name !== '');
}

/** The property's value in days when it is a duration; undefined otherwise. */
export function slaDays(sla: SlaProperty): number | undefined {
  return toDays(sla.value, sla.unit);
}

/** First SLA entry with that property name (case-insensitive, as teams write `Retention` too). */
export function findSla(contract: Record<string, unknown> | undefined, name: string): SlaEntry | undefined {
  const lower = name.toLowerCase();
  return slaEntries(contract).find((e) => e.name.toLowerCase() === lower);
}

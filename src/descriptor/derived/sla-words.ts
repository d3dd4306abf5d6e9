/** SLA properties as derived files show them: the promise and its meaning in words, from the value and unit. */
import { records, str, type SlaProperty } from '../model.js';
import { toDays } from '../duration.js';

export interface SlaFacts {
  property: string;
  value: unknown;
  unit?: string;
  element?: string;
  /** The promise in words: "kept 30 days", "refreshed every day". */
  meaning: string;
}

const UNIT_WORDS: Record<string, [string, string]> = {
  ms: ['millisecond', 'milliseconds'],
  s: ['second', 'seconds'],
  sec: ['second', 'seconds'],
  m: ['minute', 'minutes'],
  min: ['minute', 'minutes'],
  h: ['hour', 'hours'],
  hr: ['hour', 'hours'],
  d: ['day', 'days'],
  w: ['week', 'weeks'],
  mo: ['month', 'months'],
  y: ['year', 'years'],
  yr: ['year', 'years'],
};

/** "30 days", "1 hour", "P30D": a duration as written in the contract, in words. */
export function durationWords(value: unknown, unit: unknown): string {
  const u = typeof unit === 'string' ? unit.trim().toLowerCase() : '';
  const words = UNIT_WORDS[u];
  if (typeof value === 'number' && words) return `${value} ${value === 1 ? words[0] : words[1]}`;
  if (typeof value === 'number' && u) return `${value} ${u}`;
  return String(value);
}

function every(value: unknown, unit: unknown): string {
  const u = typeof unit === 'string' ? unit.trim().toLowerCase() : '';
  if (value === 1 && UNIT_WORDS[u]) return `every ${UNIT_WORDS[u][0]}`;
  return `every ${durationWords(value, unit)}`;
}

/** What an SLA property promises, in words. */
export function slaMeaning(property: string, value: unknown, unit: unknown): string {
  switch (property.toLowerCase()) {
    case 'retention':
      return /^(forever|infinite|unlimited)$/i.test(String(value)) ? 'kept forever' : `kept ${durationWords(value, unit)}`;
    case 'frequency':
      return `refreshed ${every(value, unit)}`;
    case 'latency':
    case 'freshness':
      return `at most ${durationWords(value, unit)} behind the source`;
    case 'availability':
      return `available ${String(value)}${typeof unit === 'string' ? unit : ''} of the time`;
    default:
      return `${property} ${durationWords(value, unit)}`;
  }
}

export function slaFacts(contract: Record<string, unknown> | undefined): SlaFacts[] {
  return records<SlaProperty>(contract?.slaProperties)
    .filter(([s]) => typeof s.property === 'string' && s.property !== '')
    .map(([s]) => {
      const facts: SlaFacts = { property: s.property, value: structuredClone(s.value), meaning: slaMeaning(s.property, s.value, s.unit) };
      if (str(s.unit)) facts.unit = s.unit;
      if (str(s.element)) facts.element = s.element;
      return facts;
    });
}

/** Days of the contract's retention property; undefined when it has none that reads as a duration. */
export function retentionDaysOf(contract: Record<string, unknown> | undefined): number | undefined {
  const entry = records<SlaProperty>(contract?.slaProperties).find(([s]) => typeof s.property === 'string' && s.property.toLowerCase() === 'retention')?.[0];
  if (!entry) return undefined;
  const days = toDays(entry.value, entry.unit);
  return days === undefined || !Number.isFinite(days) ? undefined : Math.round(days * 1000) / 1000;
}

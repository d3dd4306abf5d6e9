/** Dates given to the control plane: end dates of grants, deadlines of erasure tasks. */
import { invalid } from './actor.js';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The end of a grant: a date (`2026-06-30`: the grant holds through that day, so it ends at the next
 * midnight UTC) or an ISO 8601 time with a zone. It must lie in the future.
 */
export function parseEndDate(text: string, now: Date): string {
  const value = text.trim();
  const ms = DATE_ONLY.test(value) ? Date.parse(`${value}T00:00:00Z`) + DAY_MS : /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms) || (DATE_ONLY.test(value) && new Date(ms - DAY_MS).toISOString().slice(0, 10) !== value)) {
    throw invalid(`"${value}" is not a date: give YYYY-MM-DD (the last day of the grant) or an ISO 8601 time with a zone`, 'for example --until 2026-12-31');
  }
  if (ms <= now.getTime()) throw invalid(`the end date ${value} is in the past`, 'give a date after today');
  return new Date(ms).toISOString();
}

/** The last day a grant holds, `YYYY-MM-DD` (its end is exclusive: a grant until 2026-12-31 ends at midnight after it). */
export const lastDay = (until: string): string => new Date(Date.parse(until) - 1).toISOString().slice(0, 10);

/** `days` after `from`, as an ISO time. */
export function daysAfter(from: Date, days: number): string {
  return new Date(from.getTime() + days * DAY_MS).toISOString();
}

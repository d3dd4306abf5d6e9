/** Reading `--since` and `--timeout`: a duration (`90s`, `15m`, `24h`, `7d`, `P1D`) or, for --since, an ISO 8601 instant. */
import { toDays } from '../descriptor/duration.js';

/** Milliseconds of a duration, or undefined when the text is not one. */
export function durationMs(text: string): number | undefined {
  const t = text.trim();
  const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]+)$/.exec(t);
  const days = m ? toDays(Number(m[1]), m[2]) : /^P/i.test(t) ? toDays(t) : undefined;
  return days === undefined || !Number.isFinite(days) ? undefined : days * 86_400_000;
}

/** The instant `--since` names, in epoch milliseconds: now minus a duration, or a timestamp (UTC unless it says). */
export function sinceInstant(text: string, now: number): number | undefined {
  const duration = durationMs(text);
  if (duration !== undefined) return now - duration;
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) return undefined;
  const zoned = /Z|[+-]\d{2}:?\d{2}$/.test(text.trim()) || text.trim().length === 10 ? text.trim() : `${text.trim()}Z`;
  const t = Date.parse(zoned);
  return Number.isNaN(t) ? undefined : t;
}

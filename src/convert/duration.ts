/**
 * Durations written by other formats (`25h`, `1 year`, `P1Y`, `PT24H`, `daily`,
 * cron expressions) to an ODCS SLA value and unit. Units written: `y`, `mo`,
 * `w`, `d`, `h`, `min`, `s`, `ms` (never the ambiguous `m`). An ISO 8601
 * duration with several parts stays an ISO string (ODCS values may be strings).
 */
export type SlaValue = { value: number; unit: string } | { value: string; unit?: undefined };

const UNITS: Array<[RegExp, string]> = [
  [/^(y|yr|yrs|year|years)$/i, 'y'],
  [/^(mo|mon|month|months)$/i, 'mo'],
  [/^(w|wk|wks|week|weeks)$/i, 'w'],
  [/^(d|day|days)$/i, 'd'],
  [/^(h|hr|hrs|hour|hours)$/i, 'h'],
  [/^(m|min|mins|minute|minutes)$/i, 'min'],
  [/^(s|sec|secs|second|seconds)$/i, 's'],
  [/^(ms|millisecond|milliseconds)$/i, 'ms'],
];

const ISO =
  /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const ISO_UNITS = ['y', 'mo', 'w', 'd', 'h', 'min', 's'];

export function unitOf(word: string): string | undefined {
  return UNITS.find(([pattern]) => pattern.test(word))?.[1];
}

function iso(text: string): SlaValue | undefined {
  const match = ISO.exec(text);
  if (!match || /^P$|T$/i.test(text)) return undefined;
  const parts = match
    .slice(1)
    .map((v, i) => (v === undefined ? undefined : { value: Number(v), unit: ISO_UNITS[i] }))
    .filter((p) => p !== undefined);
  if (parts.length === 1) return parts[0];
  return { value: text.toUpperCase() };
}

/** A duration as an SLA value and unit; undefined when the text is not a duration. */
export function parseDuration(input: unknown): SlaValue | undefined {
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  if (/^P/i.test(text)) return iso(text);
  const match = /^(\d+(?:\.\d+)?)\s*([A-Za-z]+)$/.exec(text);
  if (!match) return undefined;
  const unit = unitOf(match[2]);
  return unit ? { value: Number(match[1]), unit } : undefined;
}

const INTERVALS: Record<string, SlaValue> = {
  hourly: { value: 1, unit: 'h' },
  daily: { value: 1, unit: 'd' },
  nightly: { value: 1, unit: 'd' },
  weekly: { value: 1, unit: 'w' },
  monthly: { value: 1, unit: 'mo' },
  quarterly: { value: 3, unit: 'mo' },
  yearly: { value: 1, unit: 'y' },
  annually: { value: 1, unit: 'y' },
};

/** `daily`, `every 15 minutes`, `1h`, `P1D`. */
export function parseInterval(input: unknown): SlaValue | undefined {
  if (typeof input !== 'string') return undefined;
  const text = input.trim().toLowerCase();
  if (INTERVALS[text]) return INTERVALS[text];
  const every = /^every\s+(?:(\d+(?:\.\d+)?)\s*)?([a-z]+)$/.exec(text);
  if (every) {
    const unit = unitOf(every[2]);
    if (unit) return { value: every[1] === undefined ? 1 : Number(every[1]), unit };
  }
  return parseDuration(input);
}

const NUMBER = /^\d+$/;

/** How often a five-field cron expression fires, when it fires at a regular period. */
export function cronPeriod(input: unknown): SlaValue | undefined {
  if (typeof input !== 'string') return undefined;
  const fields = input.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const [minute, hour, day, month, weekday] = fields;
  const step = (field: string) => /^\*\/(\d+)$/.exec(field)?.[1];
  const rest = (from: number) => fields.slice(from).every((f) => f === '*');
  if (step(minute) && rest(1)) return { value: Number(step(minute)), unit: 'min' };
  if (!NUMBER.test(minute)) return undefined;
  if (step(hour) && rest(2)) return { value: Number(step(hour)), unit: 'h' };
  if (hour === '*' && rest(2)) return { value: 1, unit: 'h' };
  if (!NUMBER.test(hour)) return undefined;
  if (day === '*' && month === '*' && weekday === '*') return { value: 1, unit: 'd' };
  if (day === '*' && month === '*' && /^(\d|sun|mon|tue|wed|thu|fri|sat)$/i.test(weekday)) return { value: 1, unit: 'w' };
  if (NUMBER.test(day) && month === '*' && weekday === '*') return { value: 1, unit: 'mo' };
  return undefined;
}

/** `99.9%` as a number of percent. */
export function parsePercent(input: unknown): number | undefined {
  if (typeof input === 'number') return input;
  if (typeof input !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(input);
  return match ? Number(match[1]) : undefined;
}

/**
 * Durations in ODCS SLA properties: a value and a unit (`d`, `day`, `days`,
 * `y`, `yr`, `years`, ...), a value with its unit (`500ms`, `4 h`), an ISO 8601
 * duration such as `P30D`, or a period word (`daily`). Normalised to days so
 * that retention and latency can be compared.
 *
 * ODCS says "units use the ISO standard" and gives `d` and `y` as examples;
 * readings where that is ambiguous: `m` is a minute (ISO 80000 writes `min`,
 * and `m` is the metre, so no month reading follows from the standard; months
 * are `mo` or `month`), `a` is a year (ISO 80000's annum), a month is 30 days
 * and a year 365 days. Units are case-insensitive.
 */
const UNIT_DAYS: Record<string, number> = {
  ms: 1 / 86_400_000,
  millisecond: 1 / 86_400_000,
  milliseconds: 1 / 86_400_000,
  s: 1 / 86_400,
  sec: 1 / 86_400,
  second: 1 / 86_400,
  seconds: 1 / 86_400,
  m: 1 / 1_440,
  min: 1 / 1_440,
  mins: 1 / 1_440,
  minute: 1 / 1_440,
  minutes: 1 / 1_440,
  h: 1 / 24,
  hr: 1 / 24,
  hrs: 1 / 24,
  hour: 1 / 24,
  hours: 1 / 24,
  d: 1,
  day: 1,
  days: 1,
  w: 7,
  wk: 7,
  wks: 7,
  week: 7,
  weeks: 7,
  mo: 30,
  month: 30,
  months: 30,
  y: 365,
  yr: 365,
  yrs: 365,
  a: 365,
  year: 365,
  years: 365,
};

export const DURATION_UNITS = Object.keys(UNIT_DAYS);

/** Period words as values (`frequency: daily`), in days. */
const PERIODS: Record<string, number> = { hourly: 1 / 24, daily: 1, weekly: 7, monthly: 30, quarterly: 91, yearly: 365, annually: 365 };

const ISO =
  /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

function isoDays(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  const [y, mo, w, d, h, mi, s] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  return y * 365 + mo * 30 + w * 7 + d + h / 24 + mi / 1440 + s / 86400;
}

export function unitDays(unit: string): number | undefined {
  return UNIT_DAYS[unit.trim().toLowerCase()];
}

/** Days represented by an SLA value and unit; undefined when it is not a duration. `forever`/`infinite` is Infinity. */
export function toDays(value: unknown, unit?: unknown): number | undefined {
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^(forever|infinite|unlimited)$/i.test(text)) return Infinity;
    const period = PERIODS[text.toLowerCase()];
    if (period !== undefined) return period;
    const iso = isoDays(text.toUpperCase());
    if (iso !== undefined) return iso;
    if (/^\d+(\.\d+)?$/.test(text)) return toDays(Number(text), unit);
    // A value with its unit: `500ms`, `4 h`, `1 day` (when no separate unit says otherwise).
    const inline = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(text);
    if (inline && unit === undefined) return toDays(Number(inline[1]), inline[2]);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
  if (typeof unit !== 'string') return undefined;
  const factor = unitDays(unit);
  return factor === undefined ? undefined : value * factor;
}

export function formatDays(days: number): string {
  if (days === Infinity) return 'forever';
  if (days >= 365 && days % 365 === 0) return `${days / 365} year${days === 365 ? '' : 's'}`;
  if (days >= 1) return `${+days.toFixed(2)} day${days === 1 ? '' : 's'}`;
  const hours = days * 24;
  if (hours >= 1) return `${+hours.toFixed(2)} hour${hours === 1 ? '' : 's'}`;
  return `${+(hours * 60).toFixed(2)} minutes`;
}

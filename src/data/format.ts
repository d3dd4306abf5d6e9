/** Numbers of `dp test` in words: counts, percentages and ages. */

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.round(Math.abs(seconds));
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['min', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size || (unit === 's' && parts.length === 0)) {
      parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return sign + parts.join(' ');
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return String(+n.toFixed(4));
}

export function formatMeasured(value: number | string | null, unit: string | undefined): string {
  if (value === null) return '-';
  if (typeof value === 'string') return value;
  if (unit === 'percent') return `${formatNumber(value)}%`;
  if (unit === 'seconds') return formatSeconds(value);
  if (unit === 'rows') return `${formatNumber(value)} row${value === 1 ? '' : 's'}`;
  return formatNumber(value);
}

export function formatFor(unit: string | undefined): (n: number) => string {
  return (n) => formatMeasured(n, unit);
}

/**
 * Changes to a contract's SLA properties. Durations are compared in days
 * (src/descriptor/duration.ts): retention getting shorter, or latency,
 * frequency and time-to-repair getting longer, weakens the promise;
 * availability going down or the error rate going up too.
 */
import { DURATION_LARGER_IS_BETTER, DURATION_SMALLER_IS_BETTER, slaDays, slaEntries, type SlaEntry } from '../../descriptor/sla.js';
import { formatDays } from '../../descriptor/duration.js';
import { str } from '../../descriptor/model.js';
import type { Change } from '../store.js';
import { change } from './rules.js';

const LARGER_IS_BETTER = new Set([...DURATION_LARGER_IS_BETTER, 'availability', 'throughput'].map((n) => n.toLowerCase()));
const SMALLER_IS_BETTER = new Set([...DURATION_SMALLER_IS_BETTER, 'errorRate'].map((n) => n.toLowerCase()));

/** The same property whatever its case or synonym (`latency`, `ly`, `Latency`), per element. */
function keyOf(entry: SlaEntry): string {
  const element = str(entry.sla.element);
  const name = (entry.property ?? entry.name).toLowerCase();
  return element ? `${name}|${element}` : name;
}

function label(entry: SlaEntry): string {
  const element = str(entry.sla.element);
  return element ? `${entry.name} of ${element}` : entry.name;
}

/** A comparable number for the value: days for durations, plain numbers (99.9 or "99.9%") otherwise. */
function measure(entry: SlaEntry): { n: number; text: string } | undefined {
  const days = slaDays(entry.sla);
  if (days !== undefined) return { n: days, text: formatDays(days) };
  const raw = entry.sla.value;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+(\.\d+)?\s*%?\s*$/.test(raw) ? parseFloat(raw) : NaN;
  if (Number.isNaN(n)) return undefined;
  return { n, text: `${raw}${entry.sla.unit ? ` ${entry.sla.unit}` : ''}` };
}

function show(entry: SlaEntry): string {
  return `${JSON.stringify(entry.sla.value)}${entry.sla.unit ? ` ${entry.sla.unit}` : ''}`;
}

function compare(before: SlaEntry, after: SlaEntry, scope: { contractId: string; ports: string[] }): Change | undefined {
  const path = `slaProperties.${keyOf(before)}`;
  const details = { ...scope, path, before: { value: before.sla.value, unit: before.sla.unit }, after: { value: after.sla.value, unit: after.sla.unit } };
  const [a, b] = [measure(before), measure(after)];
  const name = (before.property ?? before.name).toLowerCase();
  const direction = LARGER_IS_BETTER.has(name) ? 1 : SMALLER_IS_BETTER.has(name) ? -1 : 0;
  if (a && b && direction !== 0) {
    if (a.n === b.n) return undefined;
    const weaker = (b.n - a.n) * direction < 0;
    const rule = weaker ? 'sla-weakened' : 'sla-strengthened';
    return change(rule, `SLA ${label(before)} ${weaker ? 'weakened' : 'strengthened'}: ${a.text} -> ${b.text}`, details);
  }
  if (JSON.stringify([before.sla.value, before.sla.unit]) === JSON.stringify([after.sla.value, after.sla.unit])) return undefined;
  return change('sla-changed', `SLA ${label(before)} changed: ${show(before)} -> ${show(after)}`, details);
}

export function diffSla(before: Record<string, unknown>, after: Record<string, unknown>, scope: { contractId: string; ports: string[] }): Change[] {
  const old = new Map(slaEntries(before).map((e) => [keyOf(e), e]));
  const now = new Map(slaEntries(after).map((e) => [keyOf(e), e]));
  const out: Change[] = [];
  for (const [key, entry] of old) {
    const next = now.get(key);
    if (!next) {
      out.push(change('sla-removed', `SLA ${label(entry)} (${show(entry)}) was removed`, { ...scope, path: `slaProperties.${key}`, before: entry.sla.value }));
      continue;
    }
    const c = compare(entry, next, scope);
    if (c) out.push(c);
  }
  for (const [key, entry] of now) {
    if (!old.has(key))
      out.push(change('sla-added', `SLA ${label(entry)} (${show(entry)}) was added`, { ...scope, path: `slaProperties.${key}`, after: entry.sla.value }));
  }
  return out;
}

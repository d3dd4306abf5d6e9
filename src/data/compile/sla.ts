/**
 * SLA properties against the data: `latency` (and `freshness`, its older name)
 * is the age of the newest value of its element, `retention` the age of the
 * oldest. `frequency` is measured from the history of published runs, after
 * the data (src/data/frequency.ts); the others are promises about the service,
 * not the data, and are listed as not testable.
 */
import { str } from '../../descriptor/model.js';
import { slaDays, slaEntries, type SlaEntry } from '../../descriptor/sla.js';
import { formatSeconds } from '../format.js';
import type { ContractPlan, FieldSpec, ObjectPlan } from '../plan.js';
import { at, type CompileContext } from './context.js';
import { isTemporal } from './fields.js';

const LATENCY = new Set(['latency', 'freshness', 'ly']);
const RETENTION = new Set(['retention', 're']);
const FREQUENCY = new Set(['frequency', 'fy']);

interface Element {
  plan: ObjectPlan;
  field: FieldSpec;
}

/** `object.column` by name or physical name; a bare column when the contract has one object. */
function resolve(plans: ObjectPlan[], element: string): Element | string {
  const dot = element.lastIndexOf('.');
  const objectName = dot === -1 ? undefined : element.slice(0, dot);
  const column = dot === -1 ? element : element.slice(dot + 1);
  const candidates = objectName === undefined ? (plans.length === 1 ? plans : []) : plans.filter((p) => p.name === objectName || p.physicalName === objectName);
  if (candidates.length === 0)
    return objectName === undefined
      ? `element \`${element}\` names no object; write <object>.<property>`
      : `element \`${element}\`: no object \`${objectName}\` in the schema`;
  for (const plan of candidates) {
    const field = plan.fields.find((f) => f.name === column || f.column === column);
    if (field) return { plan, field };
  }
  return `element \`${element}\`: no property \`${column}\` in \`${candidates[0].name}\``;
}

/** Without an element: the partition column of each object that has a date or timestamp one. */
function defaultElements(plans: ObjectPlan[]): Element[] {
  const out: Element[] = [];
  for (const plan of plans) {
    const field = plan.fields
      .filter((f) => f.partitionKeyPosition !== undefined && isTemporal(f))
      .sort((a, b) => a.partitionKeyPosition! - b.partitionKeyPosition!)[0];
    if (field) out.push({ plan, field });
  }
  return out;
}

function elementsOf(entry: SlaEntry, plans: ObjectPlan[]): Array<Element | string> {
  const text = str(entry.sla.element);
  if (!text) {
    const found = defaultElements(plans);
    return found.length > 0 ? found : ['no `element` names the column to measure, and no object has a date or timestamp partition column'];
  }
  return text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => resolve(plans, e));
}

function ageCheck(ctx: CompileContext, entry: SlaEntry, contract: ContractPlan, kind: 'latency' | 'retention'): void {
  const days = slaDays(entry.sla);
  const location = at(ctx, ['slaProperties', entry.index]);
  const base = { category: 'sla' as const, check: entry.name, severity: 'error' as const, dimension: 'timeliness', location };
  if (days === undefined) {
    contract.skipped.push({ ...base, expected: entry.name, reason: `\`${entry.name}\` is not a duration dp can read`, status: 'error' });
    return;
  }
  const seconds = days * 86_400;
  const expected = kind === 'latency' ? `newest value at most ${formatSeconds(seconds)} old` : `no value older than ${formatSeconds(seconds)}`;
  for (const element of elementsOf(entry, contract.objects)) {
    if (typeof element === 'string') {
      contract.skipped.push({ ...base, expected, reason: element, status: 'error' });
      continue;
    }
    const { plan, field } = element;
    const common = { ...base, field: field.name, expected };
    if (kind === 'retention' && !Number.isFinite(seconds)) {
      plan.skipped.push({ ...common, reason: 'data is kept forever: no age to check' });
    } else if (kind === 'retention' && ctx.since !== undefined) {
      plan.skipped.push({ ...common, reason: '--since tests only new rows; retention is about the oldest ones' });
    } else {
      plan.checks.push({
        ...common,
        measure: { kind: 'age', field: field.name, of: kind === 'latency' ? 'newest' : 'oldest' },
        threshold: { operator: 'mustBeLessOrEqualTo', value: seconds },
        unit: 'seconds',
        sample:
          kind === 'retention' ? { kind: 'rows', field: field.name, predicate: { kind: 'olderThan', epochSeconds: ctx.now / 1000 - seconds } } : undefined,
      });
      if (kind === 'latency') plan.sinceField ??= field.name;
    }
  }
}

/** `frequency`: measured after the data, from the published runs of the port (src/data/frequency.ts). */
function frequencyCheck(ctx: CompileContext, entry: SlaEntry, contract: ContractPlan): void {
  const days = slaDays(entry.sla);
  const location = at(ctx, ['slaProperties', entry.index]);
  const base = { category: 'sla' as const, check: entry.name, severity: 'error' as const, dimension: 'timeliness', location };
  if (days === undefined || !Number.isFinite(days)) {
    contract.skipped.push({ ...base, expected: entry.name, reason: `\`${entry.name}\` is not a duration dp can read`, status: 'error' });
    return;
  }
  const seconds = days * 86_400;
  const text = str(entry.sla.element);
  const element = text ? resolve(contract.objects, text.split(',')[0].trim()) : undefined;
  if (typeof element === 'string') {
    contract.skipped.push({ ...base, expected: `refreshed at least every ${formatSeconds(seconds)}`, reason: element, status: 'error' });
    return;
  }
  contract.history.push({
    ...base,
    field: element?.field.name,
    object: element?.plan.name,
    seconds,
    expected: `refreshed at least every ${formatSeconds(seconds)}`,
  });
}

export function slaChecks(ctx: CompileContext, contract: ContractPlan): void {
  for (const entry of slaEntries(ctx.file.value)) {
    const name = entry.name.toLowerCase();
    if (LATENCY.has(name)) ageCheck(ctx, entry, contract, 'latency');
    else if (RETENTION.has(name)) ageCheck(ctx, entry, contract, 'retention');
    else if (FREQUENCY.has(name)) frequencyCheck(ctx, entry, contract);
    else {
      const reason = `\`${entry.name}\` is a promise about the service, not something the data shows`;
      const listed = {
        category: 'sla' as const,
        check: entry.name,
        severity: 'error' as const,
        location: at(ctx, ['slaProperties', entry.index]),
        expected: `${entry.name} ${String(entry.sla.value ?? '')}${entry.sla.unit ? ` ${entry.sla.unit}` : ''}`,
        reason,
      };
      // Listed under the object of its element when it names one, so the reader finds it with that object's checks.
      const element = str(entry.sla.element) ? resolve(contract.objects, str(entry.sla.element)!.split(',')[0].trim()) : undefined;
      if (element && typeof element !== 'string') element.plan.skipped.push({ ...listed, field: element.field.name });
      else contract.skipped.push(listed);
    }
  }
}

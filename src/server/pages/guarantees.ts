/**
 * The guarantees of a product at a glance, one row per output port: the SLA
 * properties consumers judge a product by (latency, frequency, retention,
 * availability) and how many quality rules its contract checks.
 */
import { contractFields, schemaObjects } from '../../descriptor/contract-fields.js';
import { records, str, type OutputPort, type SlaProperty } from '../../descriptor/model.js';
import type { PublishedDocument } from '../../catalog/store.js';
import { html, type SafeHtml } from '../html.js';
import { displayValue } from './layout.js';

const SHOWN = ['latency', 'frequency', 'retention', 'availability'] as const;

function slaValue(contract: Record<string, unknown> | undefined, name: string): string {
  const sla = records<SlaProperty>(contract?.slaProperties).find(([s]) => str(s.property)?.toLowerCase() === name.toLowerCase())?.[0];
  return sla ? [displayValue(sla.value), displayValue(sla.unit)].filter(Boolean).join(' ') : '';
}

function qualityCount(contract: Record<string, unknown> | undefined): number {
  if (!contract) return 0;
  const count = (value: unknown) => (Array.isArray(value) ? value.length : 0);
  let n = count(contract.quality);
  for (const { object } of schemaObjects(contract)) n += count(object.quality);
  for (const { field } of contractFields(contract)) n += count(field.quality);
  return n;
}

export function renderGuarantees(descriptor: Record<string, unknown>, contracts: PublishedDocument[]): SafeHtml | null {
  const ports = records<OutputPort>(descriptor.outputPorts).map(([p]) => p);
  if (ports.length === 0) return null;
  const rows = ports.map((p) => {
    const contract = contracts.find((c) => c.value.id === p.contractId)?.value;
    const cells = SHOWN.map((name) => html`<td>${slaValue(contract, name) || html`<span class="muted">not stated</span>`}</td>`);
    return html`<tr><td><a href="#port-${displayValue(p.name)}">${displayValue(p.name)}</a></td>${cells}<td>${qualityCount(contract)}</td></tr>`;
  });
  return html`<h2 id="guarantees">Guarantees</h2>
<table class="guarantees"><thead><tr><th>Output port</th><th>Latency</th><th>Frequency</th><th>Retention</th><th>Availability</th><th>Quality rules</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** An output port's ODCS contract on the product page: fields, quality rules, SLA properties, servers and roles. */
import { contractFields, schemaObjects, type FieldVisit } from '../../descriptor/contract-fields.js';
import { isRecord, records, str, type QualityRule, type Role, type Server, type SlaProperty } from '../../descriptor/model.js';
import { html, type SafeHtml } from '../html.js';
import { displayValue } from './layout.js';

const RULE_KEYS = new Set([
  'id',
  'name',
  'type',
  'metric',
  'rule',
  'description',
  'dimension',
  'severity',
  'unit',
  'query',
  'engine',
  'implementation',
  'arguments',
  'businessImpact',
  'schedule',
  'scheduler',
  'method',
  'tags',
  'customProperties',
  'authoritativeDefinitions',
  'validValues',
]);

function fieldsTable(fields: FieldVisit[]): SafeHtml {
  const rows = fields.map(({ field, qualifiedName }) => {
    const type = [str(field.logicalType), str(field.physicalType)].filter(Boolean).join(' / ');
    const flags = [field.primaryKey === true ? 'primary key' : '', field.unique === true ? 'unique' : ''].filter(Boolean).join(', ');
    return html`<tr><td><code>${qualifiedName}</code></td><td>${type}</td><td>${field.required === true ? 'yes' : 'no'}</td><td>${displayValue(field.classification)}</td><td>${flags}</td><td>${displayValue(field.description)}</td></tr>`;
  });
  if (rows.length === 0) return html`<p class="muted">This contract declares no fields.</p>`;
  return html`<table class="fields"><thead><tr><th>Field</th><th>Type (logical / physical)</th><th>Required</th><th>Classification</th><th>Keys</th><th>Description</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** `mustBeGreaterThan: 0` and friends, as written in the rule. */
function ruleCondition(rule: QualityRule): string {
  const parts = Object.entries(rule)
    .filter(([key]) => !RULE_KEYS.has(key) && key.startsWith('must'))
    .map(([key, value]) => `${key} ${displayValue(value)}`);
  return parts.join(', ');
}

interface LocatedRule {
  where: string;
  rule: QualityRule;
}

function qualityRules(contract: Record<string, unknown>, fields: FieldVisit[]): LocatedRule[] {
  const out: LocatedRule[] = records<QualityRule>(contract.quality).map(([rule]) => ({ where: 'contract', rule }));
  for (const { object } of schemaObjects(contract)) {
    for (const [rule] of records<QualityRule>(object.quality)) out.push({ where: str(object.name) ?? '?', rule });
  }
  for (const { field, qualifiedName } of fields) {
    for (const [rule] of records<QualityRule>(field.quality)) out.push({ where: qualifiedName, rule });
  }
  return out;
}

function qualityTable(contract: Record<string, unknown>, fields: FieldVisit[]): SafeHtml {
  const rules = qualityRules(contract, fields);
  if (rules.length === 0) return html`<p class="muted">No quality rules.</p>`;
  const rows = rules.map(({ where, rule }) => {
    const what = str(rule.metric) ?? str(rule.rule) ?? str(rule.name) ?? str(rule.query) ?? str(rule.type) ?? '';
    return html`<tr><td><code>${where}</code></td><td>${what}</td><td>${ruleCondition(rule)}</td><td>${displayValue(rule.dimension)}</td><td>${displayValue(rule.severity)}</td><td>${displayValue(rule.description)}</td></tr>`;
  });
  return html`<table class="quality"><thead><tr><th>Applies to</th><th>Rule</th><th>Condition</th><th>Dimension</th><th>Severity</th><th>Description</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function slaTable(contract: Record<string, unknown>): SafeHtml {
  const rows = records<SlaProperty>(contract.slaProperties).map(([sla]) => {
    const value = [displayValue(sla.value), displayValue(sla.unit)].filter(Boolean).join(' ');
    return html`<tr><td>${displayValue(sla.property)}</td><td>${value}</td><td>${displayValue(sla.element)}</td><td>${displayValue(sla.description)}</td></tr>`;
  });
  if (rows.length === 0) return html`<p class="muted">No SLA properties.</p>`;
  return html`<table class="sla"><thead><tr><th>Property</th><th>Value</th><th>Element</th><th>Description</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function serversList(contract: Record<string, unknown>): SafeHtml | null {
  const servers = records<Server>(contract.servers);
  if (servers.length === 0) return null;
  const items = servers.map(
    ([s]) =>
      html`<li><strong>${displayValue(s.server)}</strong> (${displayValue(s.type)}${s.environment ? `, ${displayValue(s.environment)}` : ''})${s.description ? html` — ${displayValue(s.description)}` : ''}</li>`,
  );
  return html`<h4>Servers</h4><ul>${items}</ul>`;
}

function rolesList(contract: Record<string, unknown>): SafeHtml | null {
  const roles = records<Role>(contract.roles);
  if (roles.length === 0) return null;
  const items = roles.map(
    ([r]) =>
      html`<li><code>${displayValue(r.role)}</code> ${r.access ? `(${displayValue(r.access)})` : ''}${r.description ? html` — ${displayValue(r.description)}` : ''}</li>`,
  );
  return html`<h4>Access roles</h4><ul>${items}</ul>`;
}

function contractDescription(contract: Record<string, unknown>): SafeHtml | null {
  const d = isRecord(contract.description) ? contract.description : undefined;
  if (!d) return null;
  const entries = (['purpose', 'usage', 'limitations'] as const).filter((k) => d[k] !== undefined);
  if (entries.length === 0) return null;
  return html`<dl class="props">${entries.map((k) => html`<dt>${k}</dt><dd>${displayValue(d[k])}</dd>`)}</dl>`;
}

export function renderContract(contract: Record<string, unknown>, file: string): SafeHtml {
  const fields = contractFields(contract);
  return html`<p class="muted">Contract <code>${displayValue(contract.id)}</code> v${displayValue(contract.version)} (${displayValue(contract.status)}) · <code>${file}</code></p>
${contractDescription(contract)}
<h4>Fields</h4>
${fieldsTable(fields)}
<h4>Quality rules</h4>
${qualityTable(contract, fields)}
<h4>SLA properties</h4>
${slaTable(contract)}
${serversList(contract)}
${rolesList(contract)}`;
}

import { findSla } from '../../descriptor/sla.js';
import { defineRule } from '../rule.js';

export interface Options {
  /** Each entry is a property name, or a list of names of which at least one is required. */
  properties: Array<string | string[]>;
}

export default defineRule<Options>({
  id: 'sla-required-properties',
  description:
    'Contracts declare the SLA properties the organisation requires (by default: retention, and latency or frequency), under any of their ODCS names or synonyms.',
  help: 'Federated governance: the organisation agrees that every contract states, for example, how long data is kept and how fresh it is; each team chooses the values. ODCS itself requires no SLA property. Configure with `properties: [retention, [latency, frequency]]` (a nested list means "one of"); `Retention`, `re` or `freshness` (for latency) count too.',
  category: 'policy',
  basis: 'organisation',
  severity: 'warning',
  defaults: { properties: ['retention', ['latency', 'frequency']] },
  scope: 'contract',
  check({ file, options, report }) {
    for (const required of options.properties) {
      const names = Array.isArray(required) ? required : [required];
      if (names.some((n) => findSla(file.value, n))) continue;
      const wanted = names.map((n) => `\`${n}\``).join(' or ');
      report({
        path: Array.isArray(file.value?.slaProperties) ? ['slaProperties'] : [],
        message: `the contract declares no ${wanted} SLA property`,
        hint:
          names[0] === 'retention'
            ? 'add `- property: retention` with `value:` and `unit:` (for example 1 and y) to slaProperties'
            : `add \`- property: ${names[0]}\` with a value and unit to slaProperties`,
      });
    }
  },
});

import { contractFields } from '../../descriptor/contract-fields.js';
import { formatDays } from '../../descriptor/duration.js';
import { str } from '../../descriptor/model.js';
import { findSla, slaDays } from '../../descriptor/sla.js';
import { defineRule } from '../rule.js';

export interface Options {
  /** Field classifications that make a contract hold restricted data. */
  classifications: string[];
  /** Longest retention allowed for such contracts, in days. */
  maxDays: number;
}

export default defineRule<Options>({
  id: 'restricted-retention',
  description: 'Contracts holding restricted data keep it no longer than the organisation maximum (default 2 years).',
  help: 'Storage limitation: sensitive data is kept only as long as needed. A contract with any field classified as restricted must declare a retention SLA of at most `maxDays`.',
  category: 'policy',
  basis: 'organisation',
  severity: 'error',
  defaults: { classifications: ['restricted'], maxDays: 730 },
  scope: 'contract',
  check({ file, options, report }) {
    const restricted = new Set(options.classifications.map((c) => c.toLowerCase()));
    const field = contractFields(file.value).find((f) => restricted.has((str(f.field.classification) ?? '').toLowerCase()));
    if (!field) return;
    const retention = findSla(file.value, 'retention');
    const limit = formatDays(options.maxDays);
    if (!retention) {
      report({
        path: [...field.path, 'classification'],
        message: `field \`${field.qualifiedName}\` is ${field.field.classification} but the contract declares no retention`,
        hint: `add a retention SLA property of at most ${limit}`,
      });
      return;
    }
    const days = slaDays(retention.sla);
    if (days !== undefined && days > options.maxDays) {
      report({
        path: ['slaProperties', retention.index, 'value'],
        message: `retention of ${formatDays(days)} exceeds the ${limit} allowed for restricted data (field \`${field.qualifiedName}\`)`,
        hint: `lower the retention to at most ${limit}, or declassify the field if it is not sensitive`,
      });
    }
  },
});

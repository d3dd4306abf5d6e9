import { KNOWN_SLA_PROPERTIES, SLA_SYNONYMS, slaEntries } from '../../descriptor/sla.js';
import { closest } from '../../util/suggest.js';
import { defineRule } from '../rule.js';

const RECOMMENDED = [...KNOWN_SLA_PROPERTIES, ...Object.values(SLA_SYNONYMS)];

export default defineRule({
  id: 'sla-property-names',
  description: 'An SLA property name that is not one of the recommended ones but close to one (`retension`) is pointed out.',
  help: 'ODCS allows any SLA property name and recommends the Data QoS ones (latency, retention, frequency, availability..., case-insensitive, with synonyms such as `ly` and `re`). A near miss is most likely a typo, which would keep the guarantee from being measured and compared.',
  category: 'structure',
  basis: 'dp',
  severity: 'warning',
  scope: 'contract',
  check({ file, report }) {
    for (const entry of slaEntries(file.value)) {
      // Two-letter synonyms are close to many short names: only longer names are compared.
      if (entry.property || entry.name.length < 5) continue;
      const near = closest(
        entry.name,
        RECOMMENDED.filter((n) => n.length > 2),
      );
      if (near)
        report({
          path: ['slaProperties', entry.index, 'property'],
          message: `\`${entry.name}\` is not one of the recommended SLA properties`,
          hint: `did you mean \`${near}\`? (any name is allowed; the recommended ones are measured and compared)`,
        });
    }
  },
});

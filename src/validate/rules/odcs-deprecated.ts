import { schemaObjects, contractFields } from '../../descriptor/contract-fields.js';
import type { PathSegment } from '../../descriptor/positions.js';
import { records, type QualityRule } from '../../descriptor/model.js';
import { recognitionOf } from '../../descriptor/source.js';
import { defineRule, type Report } from '../rule.js';

function qualityRules(contract: Record<string, unknown> | undefined): Array<[QualityRule, PathSegment[]]> {
  const holders = [
    ...schemaObjects(contract).map(({ object, path }) => ({ quality: object.quality, path })),
    ...contractFields(contract).map(({ field, path }) => ({ quality: field.quality, path })),
  ];
  return holders.flatMap(({ quality, path }) =>
    records<QualityRule>(quality).map(([rule, i]): [QualityRule, PathSegment[]] => [rule, [...path, 'quality', i]]),
  );
}

function deprecatedRuleKeys(contract: Record<string, unknown> | undefined, report: (r: Report) => void): void {
  for (const [rule, path] of qualityRules(contract)) {
    if (rule.rule === undefined) continue;
    report({
      path: [...path, 'rule'],
      target: 'key',
      message: '`rule` is deprecated since ODCS v3.1.0',
      hint: rule.metric === undefined ? `write \`metric: ${String(rule.rule)}\`` : 'remove it: `metric` names the check',
    });
  }
}

export default defineRule({
  id: 'odcs-deprecated',
  description:
    'An ODCS v3.1.0 contract does not use what v3.1.0 deprecates (to be removed in v4): `slaDefaultElement`, the team as a list, `rule` in quality rules.',
  help: 'ODCS v3.1.0 still accepts these forms, so the contract is valid today; ODCS v4 will not. Give each SLA property its own `element`, write the team as an object with `members`, and name library checks with `metric`.',
  category: 'structure',
  basis: 'standard',
  severity: 'warning',
  scope: 'contract',
  check({ file, report }) {
    const value = file.value;
    if (recognitionOf(file)?.version !== 'v3.1.0' || !value) return;
    if (value.slaDefaultElement !== undefined) {
      report({
        path: ['slaDefaultElement'],
        target: 'key',
        message: '`slaDefaultElement` is deprecated since ODCS v3.1.0',
        hint: 'give each SLA property its own `element`',
      });
    }
    if (Array.isArray(value.team)) {
      report({
        path: ['team'],
        target: 'key',
        message: 'a team written as a list of members is deprecated since ODCS v3.1.0',
        hint: 'write `team:` as an object with `name:` and `members:` (the list goes under members)',
      });
    }
    // Most contracts have no `rule:` key at all: the text says so without walking the schema.
    if (/\brule["']?\s*:/.test(file.text)) deprecatedRuleKeys(value, report);
  },
});

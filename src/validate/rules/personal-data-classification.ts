import { contractFields } from '../../descriptor/contract-fields.js';
import { str } from '../../descriptor/model.js';
import { personalKind } from '../personal-data.js';
import { defineRule } from '../rule.js';

export interface Options {
  /** More regular expressions (case-insensitive) for field names the organisation treats as personal, besides dp's detection. */
  patterns: string[];
  /** Classifications a personal field may not have (for example `public`). */
  forbidden: string[];
}

function compile(patterns: string[]): RegExp[] {
  return patterns.map((p) => new RegExp(p, 'i'));
}

export default defineRule<Options>({
  id: 'personal-data-classification',
  description:
    "Fields that hold personal data (e-mail, phone, a person's name, postal address, birth date, national ids, IP address...) declare a classification, and not `public`.",
  help: "Privacy is a global policy: personal data must be classified so that access control and encryption follow. dp judges the whole field, not a bare word: the words of its name (`emailpromotion` is a promotion flag, `address_type_id` a code), its logical type, its format, its description, and for `name` or coordinates whether its object is about people (`customer.name` is personal, `product.name` is not). Set `classification:` on the field (for example `restricted` or `confidential`). `patterns` adds the organisation's own regular expressions for field names; `forbidden` lists classifications personal fields may not have.",
  category: 'policy',
  basis: 'organisation',
  severity: 'warning',
  defaults: { patterns: [], forbidden: ['public'] },
  scope: 'contract',
  check({ file, options, report }) {
    const patterns = compile(options.patterns);
    const forbidden = new Set(options.forbidden.map((c) => c.toLowerCase()));
    for (const visit of contractFields(file.value)) {
      const { field, path, qualifiedName } = visit;
      const classification = str(field.classification);
      // A field classified otherwise than forbidden passes whatever it holds: no need to look closer.
      if (classification && !forbidden.has(classification.toLowerCase())) continue;
      const names = [str(field.name), str((field as { physicalName?: string }).physicalName)].filter((n): n is string => !!n);
      const kind = personalKind(visit) ?? (names.some((n) => patterns.some((p) => p.test(n))) ? 'personal data' : undefined);
      if (!kind) continue;
      if (!classification) {
        report({
          path: [...path, 'name'],
          message: `field \`${qualifiedName}\` seems to hold personal data (${kind}) but has no classification`,
          hint: 'add `classification: restricted` (or the level your organisation uses)',
        });
      } else if (forbidden.has(classification.toLowerCase())) {
        report({
          path: [...path, 'classification'],
          message: `field \`${qualifiedName}\` seems to hold personal data (${kind}) but is classified \`${classification}\``,
          hint: 'personal data cannot be public; classify it restricted or confidential',
        });
      }
    }
  },
});

import { contractFields } from '../../descriptor/contract-fields.js';
import { str } from '../../descriptor/model.js';
import { defineRule } from '../rule.js';

export interface Options {
  /** Regular expressions (case-insensitive) matched against field names and physical names. */
  patterns: string[];
  /** Classifications a personal field may not have (for example `public`). */
  forbidden: string[];
}

export const PERSONAL_PATTERNS = [
  'e_?mail',
  'phone|mobile|msisdn',
  '(^|_)(first|last|middle|full|given|family|sur|user|display|maiden)_?name$',
  '^name$',
  'address|street|postcode|post_code|zip_?code',
  'birth|(^|_)dob$|date_of_birth',
  'ssn|social_security|national_id|passport|tax_id|iban|credit_card|card_number',
  '(^|_)ip_?address$|(^|_)ip$',
  '(^|_)gender$|(^|_)ethnicity$',
  'latitude|longitude|geo_?location',
];

function compile(patterns: string[]): RegExp[] {
  return patterns.map((p) => new RegExp(p, 'i'));
}

export default defineRule<Options>({
  id: 'personal-data-classification',
  description: 'Fields whose names look personal (e-mail, phone, name, address, birth date...) declare a classification.',
  help: 'Privacy is a global policy: personal data must be classified so that access control and encryption follow. Set `classification:` on the field (for example `restricted` or `confidential`). Configure `patterns` (regular expressions) and `forbidden` classifications.',
  category: 'policy',
  severity: 'error',
  defaults: { patterns: PERSONAL_PATTERNS, forbidden: ['public'] },
  scope: 'contract',
  check({ file, options, report }) {
    const patterns = compile(options.patterns);
    const forbidden = new Set(options.forbidden.map((c) => c.toLowerCase()));
    for (const { field, path, qualifiedName } of contractFields(file.value)) {
      const names = [str(field.name), str((field as { physicalName?: string }).physicalName)].filter((n): n is string => !!n);
      const snake = names.map((n) => n.replace(/([a-z0-9])([A-Z])/g, '$1_$2'));
      if (!snake.some((n) => patterns.some((p) => p.test(n)))) continue;
      const classification = str(field.classification);
      if (!classification) {
        report({ path: [...path, 'name'], message: `field \`${qualifiedName}\` looks like personal data but has no classification`, hint: 'add `classification: restricted` (or the level your organisation uses)' });
      } else if (forbidden.has(classification.toLowerCase())) {
        report({ path: [...path, 'classification'], message: `field \`${qualifiedName}\` looks like personal data but is classified \`${classification}\``, hint: 'personal data cannot be public; classify it restricted or confidential' });
      }
    }
  },
});

import { contractFields } from '../../descriptor/contract-fields.js';
import { str } from '../../descriptor/model.js';
import { subjectKeys } from '../../descriptor/subject-keys.js';
import { defineRule } from '../rule.js';
import { personalKind } from '../personal-data.js';

export interface Options {
  /** Classifications of personal data that an erasure request must be able to find. */
  classifications: string[];
  /** More regular expressions (case-insensitive) for field names the organisation treats as personal, besides dp's detection. */
  patterns: string[];
}

export default defineRule<Options>({
  id: 'subject-keys',
  description:
    'A contract holding restricted personal data names the subject keys that identify the person (customProperties `dataSubject`), so that erasure requests reach it.',
  help:
    'Erasure requests (dp erase request --subject customer=<id>) find the products holding a kind of data subject through the properties that identify one: ' +
    '`customProperties: [{property: dataSubject, value: customer}]` on the property (or an authoritativeDefinitions entry of type `dataSubject` whose URL ends with the kind). ' +
    'A contract with a field classified as restricted whose name looks personal, and no subject key, would be missed by every erasure request. ' +
    'Declarations must name a kind (a lower-case word) on a property at the top level of an object, and a subject key is never public. See docs/control.md.',
  category: 'policy',
  basis: 'organisation',
  severity: 'warning',
  defaults: { classifications: ['restricted'], patterns: [] },
  scope: 'contract',
  check({ file, options, report }) {
    const { keys, problems } = subjectKeys(file.value);
    for (const p of problems) report(p);
    for (const key of keys.filter((k) => k.classification?.toLowerCase() === 'public')) {
      report({
        path: [...key.fieldPath, 'classification'],
        message: `field \`${key.object}.${key.property}\` identifies a data subject (${key.kind}) but is classified public`,
        hint: 'a subject key is personal data: classify it restricted or confidential',
      });
    }
    if (keys.length > 0) return;
    const fields = contractFields(file.value);
    const restricted = new Set(options.classifications.map((c) => c.toLowerCase()));
    const patterns = options.patterns.map((p) => new RegExp(p, 'i'));
    const kindOf = (visit: (typeof fields)[number]) => {
      const names = [str(visit.field.name), str((visit.field as { physicalName?: string }).physicalName)].filter((n): n is string => !!n);
      return personalKind(visit) ?? (names.some((n) => patterns.some((p) => p.test(n))) ? 'personal data' : undefined);
    };
    const personal = fields.find((visit) => restricted.has((str(visit.field.classification) ?? '').toLowerCase()) && kindOf(visit) !== undefined);
    if (personal) {
      report({
        path: [...personal.path, 'classification'],
        message: `field \`${personal.qualifiedName}\` is ${personal.field.classification} personal data (${kindOf(personal)}), but the contract names no subject key: erasure requests cannot find the person's rows`,
        hint: 'mark the property that identifies the person: customProperties: [{property: dataSubject, value: customer}] (see docs/control.md)',
      });
    }
  },
});

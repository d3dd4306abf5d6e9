/** .dp/answers.yaml: the template and answers a product was generated from, so a newer template can be applied again. */
import type { ProductModel } from '../model.js';
import type { Answers } from '../types.js';

export function answersRecord(p: ProductModel, answers: Answers): Record<string, unknown> {
  return {
    template: { id: p.template.id, version: p.template.version },
    generatedBy: `dp ${p.dpVersion}`,
    // The instant of the first generation: applying the template again dates the sample data as before.
    generatedAt: p.generatedAt,
    answers: structuredClone({ ...answers }),
  };
}

import type { SourceFile } from '../../descriptor/source.js';
import { records, str, type OutputPort } from '../../descriptor/model.js';
import { defineRule } from '../rule.js';

function byId(contracts: SourceFile[]): Map<string, SourceFile[]> {
  const out = new Map<string, SourceFile[]>();
  for (const contract of contracts) {
    const id = contract.value?.id;
    if (typeof id === 'string') out.set(id, [...(out.get(id) ?? []), contract]);
  }
  return out;
}

export default defineRule({
  id: 'contract-unreferenced',
  description: "Every contract of the product's tree belongs to an output port, and no two contracts share an id and version.",
  help: 'A contract no output port names is shared with nobody and drifts unseen. Reference it from an output port or delete it. Two files with the same id and version are ambiguous.',
  category: 'structure',
  basis: 'dp',
  severity: 'warning',
  scope: 'product',
  check({ product, file, report }) {
    if (!product) return;
    const referenced = new Set(records<OutputPort>(file.value?.outputPorts).map(([p]) => str(p.contractId)));
    for (const [id, contracts] of byId(product.contracts)) {
      if (!referenced.has(id)) {
        for (const contract of contracts) {
          report({
            file: contract,
            path: ['id'],
            message: `contract \`${id}\` is not used by any output port`,
            hint: 'reference it with `contractId` from an output port, or remove it',
          });
        }
      }
      const seen = new Map<string, string>();
      for (const contract of contracts) {
        const key = String(contract.value?.version);
        const first = seen.get(key);
        if (first) {
          report({
            file: contract,
            path: ['version'],
            message: `contract \`${id}\` version ${key} is also defined in ${first}`,
            hint: 'keep one file per contract id and version',
          });
        } else seen.set(key, contract.display);
      }
    }
  },
});

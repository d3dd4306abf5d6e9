import type { SourceFile } from '../../descriptor/source.js';
import { contractsById } from '../../descriptor/product.js';
import { records, str, type OutputPort } from '../../descriptor/model.js';
import { didYouMean } from '../../util/suggest.js';
import { defineRule } from '../rule.js';

function versionsOf(files: SourceFile[]): string[] {
  return files.map((f) => String(f.value?.version ?? '?'));
}

export default defineRule({
  id: 'output-port-contract',
  description: 'Every output port names a contract in contracts/ whose id and version match the port.',
  help:
    'An output port is shared under a contract. Set `contractId` to the `id` of an ODCS file in the product\'s contracts/ folder and keep the port `version` equal to the contract `version`.',
  category: 'structure',
  severity: 'error',
  scope: 'product',
  check({ product, file, report }) {
    if (!product) return;
    const byId = contractsById(product);
    for (const [port, i] of records<OutputPort>(file.value?.outputPorts)) {
      const name = str(port.name) ?? `#${i + 1}`;
      const contractId = str(port.contractId);
      if (!contractId) {
        report({
          path: ['outputPorts', i],
          message: `output port \`${name}\` has no contractId`,
          hint: 'add `contractId:` naming the id of its contract in contracts/',
        });
        continue;
      }
      const candidates = byId.get(contractId);
      if (!candidates) {
        const known = [...byId.keys()];
        report({
          path: ['outputPorts', i, 'contractId'],
          message: `output port \`${name}\`: no contract with id \`${contractId}\` in contracts/`,
          hint: didYouMean(contractId, known) ?? (known.length ? `contracts found: ${known.join(', ')}` : 'create contracts/<port>.odcs.yaml (dp init does this)'),
        });
        continue;
      }
      const version = str(port.version);
      if (version !== undefined && !candidates.some((c) => c.value?.version === version)) {
        report({
          path: ['outputPorts', i, 'version'],
          message: `output port \`${name}\` is version ${version} but contract \`${contractId}\` is version ${versionsOf(candidates).join(', ')}`,
          hint: 'publish the port and its contract with the same version',
        });
      }
    }
  },
});

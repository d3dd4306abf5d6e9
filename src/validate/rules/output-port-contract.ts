import { contractsById, skippedWithId } from '../../descriptor/product.js';
import { records, str, type OutputPort } from '../../descriptor/model.js';
import { didYouMean } from '../../util/suggest.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'output-port-contract',
  description: "Every output port names, with `contractId`, a contract found among the product's *.odcs.yaml files.",
  help: "dp checks a product together with the contracts of its output ports, found by id among the *.odcs.yaml files of the product's directory tree (`dp init` writes them to contracts/). ODPS lets a port name a contract kept elsewhere, or none: then dp cannot check or publish the port's contract with the product.",
  category: 'structure',
  basis: 'dp',
  severity: 'warning',
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
          message: `output port \`${name}\` has no contractId, so its contract is not checked with the product`,
          hint: 'add `contractId:` naming the id of its ODCS contract',
        });
        continue;
      }
      if (byId.has(contractId)) continue;
      const skipped = skippedWithId(product, contractId);
      const known = [...byId.keys()];
      report({
        path: ['outputPorts', i, 'contractId'],
        message: `output port \`${name}\`: no contract with id \`${contractId}\` among the product's *.odcs.yaml files`,
        hint: skipped
          ? `${skipped.display} has this id but is not checked: it ${skipped.what}; ${skipped.hint}`
          : (didYouMean(contractId, known) ??
            (known.length ? `contracts found: ${known.join(', ')}` : 'add its contract as contracts/<port>.odcs.yaml (dp init does this)')),
      });
    }
  },
});

import { contractsById } from '../../descriptor/product.js';
import { records, str, type OutputPort } from '../../descriptor/model.js';
import { defineRule } from '../rule.js';

/** `v1.0.0` and `1.0.0` name the same version (ODPS writes the former, ODCS contracts mostly the latter). */
const plain = (version: string): string => (/^v\d/.test(version) ? version.slice(1) : version);

export default defineRule({
  id: 'port-contract-version',
  description: 'An output port whose contract is in the product has the version of that contract.',
  help: "ODPS: an output port's `version` is the version of the contract it is shared under, and `name` with `version` is the port's key. A port naming a contract of the product that exists only at another version is broken: consumers would read a contract the product does not offer.",
  category: 'structure',
  basis: 'standard',
  certain: true,
  severity: 'error',
  scope: 'product',
  check({ product, file, report }) {
    if (!product) return;
    const byId = contractsById(product);
    for (const [port, i] of records<OutputPort>(file.value?.outputPorts)) {
      const contractId = str(port.contractId);
      const version = str(port.version);
      const candidates = contractId ? byId.get(contractId) : undefined;
      if (!candidates || version === undefined) continue;
      const versions = candidates.map((c) => str(c.value?.version)).filter((v): v is string => v !== undefined);
      if (versions.length === 0 || versions.some((v) => plain(v) === plain(version))) continue;
      report({
        path: ['outputPorts', i, 'version'],
        message: `output port \`${str(port.name) ?? `#${i + 1}`}\` is version ${version} but contract \`${contractId}\` is version ${versions.join(', ')}`,
        hint: 'give the port the version of its contract (or add the contract of that version to the product)',
      });
    }
  },
});

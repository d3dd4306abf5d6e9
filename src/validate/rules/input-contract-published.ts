import { productInputs } from '../../descriptor/input-ports.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'input-contract-published',
  description:
    'With a catalog configured, each input port that reads another product names a contract id some product publishes (in the catalog, or among the products checked).',
  help: "An input port reads the output contract of another product by its contract id; an id that no product publishes (a placeholder left from dp init, a typo, a producer not published yet) wires the product to nothing. Checked only when a catalog is configured (--catalog, DP_CATALOG or `catalog:` in dp.config.yaml); ports reading an operational source (kind cdc, stream or files) are not. dp publish refuses such a product whatever this rule's severity.",
  category: 'structure',
  basis: 'dp',
  severity: 'warning',
  scope: 'product',
  check({ product, catalog, report }) {
    if (!catalog || !product) return;
    for (const input of productInputs(product.descriptor.value)) {
      if (catalog.publishes(input.contractId)) continue;
      report({
        path: ['inputPorts', input.index, 'contractId'],
        message: `input port \`${input.port.name}\` reads \`${input.contractId}\`, which no product in the catalog ${catalog.location} publishes`,
        hint: 'check the contract id (dp catalog search), publish the producer first, or mark an operational source with the custom property kind: cdc, stream or files',
      });
    }
  },
});

import { defineRule } from '../rule.js';
import { describePlaceholder, heldPlaceholders, isReleased } from '../derived/placeholders.js';

export default defineRule({
  id: 'placeholders',
  description:
    'A released product (status active, or version 1.0.0 or more) holds none of the placeholders dp generated (TODO values, example URLs, unimplemented stubs).',
  help: 'dp init generates a complete product, but some of it is for the team to fill in: TODO values in input bindings, example URLs (example.com) for support and management ports, implementation stubs that raise NotImplementedError. It records them in .dp/generated.yaml; a product its consumers may rely on must have replaced every one. A draft gets the list as an info (rule placeholders-draft).',
  category: 'structure',
  basis: 'dp',
  severity: 'error',
  scope: 'product',
  check({ product, report }) {
    if (!product || !isReleased(product)) return;
    const d = product.descriptor.value!;
    const why = d.status === 'active' ? 'with status active' : `at version ${String(d.version)}`;
    for (const held of heldPlaceholders(product)) {
      report({
        file: held.file,
        path: held.path,
        span: held.span,
        message: `${describePlaceholder(held)}, and the product is released ${why}`,
        hint: held.placeholder.what === 'stub' ? 'implement it' : 'replace it with the real value',
      });
    }
  },
});

import { defineRule } from '../rule.js';
import { describePlaceholder, heldPlaceholders, isReleased } from '../derived/placeholders.js';

const SHOWN = 5;

export default defineRule({
  id: 'placeholders-draft',
  description: 'What a draft product still has to fill in before its release: the placeholders dp generated that it still holds.',
  help: 'The list of TODO values, example URLs and unimplemented stubs dp generated and the product still holds, as one info on its status. Once the product is released (status active, or version 1.0.0 or more) each one is an error (rule placeholders).',
  category: 'structure',
  basis: 'dp',
  severity: 'info',
  scope: 'product',
  check({ product, report }) {
    if (!product || !product.descriptor.value || isReleased(product)) return;
    const held = heldPlaceholders(product);
    if (held.length === 0) return;
    const list = held.slice(0, SHOWN).map(describePlaceholder).join('; ');
    const more = held.length > SHOWN ? `; and ${held.length - SHOWN} more` : '';
    report({
      path: ['status'],
      message: `${held.length} placeholder${held.length === 1 ? '' : 's'} to fill in before the product is released: ${list}${more}`,
      hint: 'replace each before setting status active or version 1.0.0',
    });
  },
});

/** dp rules: every rule id with its category, default severity and documentation. */
import { createColors } from 'picocolors';
import { out, printJson, type Context } from '../context.js';
import { RULE_DOCS } from '../validate/rules/docs.js';

export default async function rules(ctx: Context): Promise<number> {
  if (ctx.json) {
    printJson(ctx, RULE_DOCS);
    return 0;
  }
  const c = createColors(ctx.color);
  let category = '';
  for (const rule of RULE_DOCS) {
    if (rule.category !== category) {
      category = rule.category;
      out(ctx, `\n${c.bold(category)}`);
    }
    out(ctx, `  ${rule.id.padEnd(30)} ${c.dim(rule.severity.padEnd(8))} ${rule.description}`);
    if (rule.defaults) out(ctx, `  ${' '.repeat(30)} ${' '.repeat(8)} ${c.dim(`options: ${JSON.stringify(rule.defaults)}`)}`);
  }
  out(ctx, `\nConfigure them in a policy file (see README, "Policies"); suppress one inline with\n  # dp-disable-next-line <rule-id> -- <reason>`);
  return 0;
}

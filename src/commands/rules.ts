/** dp rules: every rule id with its category, what it rests on, default severity and documentation; the organisation's own rules too. */
import { createColors } from 'picocolors';
import { out, printJson, type Context } from '../context.js';
import { PolicyResolver } from '../validate/policies/resolve.js';
import { BASIS_LABEL, type RuleDoc } from '../validate/rule.js';
import { RULE_DOCS } from '../validate/rules/docs.js';

interface RulesOptions {
  policies?: string;
  config?: string;
}

/** The policy for the working directory (its own rules), as dp validate would find it here. */
async function customDocs(ctx: Context, options: RulesOptions): Promise<{ docs: readonly RuleDoc[]; source: string }> {
  const resolver = new PolicyResolver({ cwd: ctx.cwd, policiesPath: options.policies, configPath: options.config });
  await resolver.prepare([ctx.cwd]);
  const policy = resolver.forDir(ctx.cwd);
  return { docs: policy.customDocs, source: policy.source };
}

export default async function rules(ctx: Context, options: RulesOptions = {}): Promise<number> {
  const custom = await customDocs(ctx, options);
  const all = [...RULE_DOCS, ...custom.docs];
  if (ctx.json) {
    printJson(ctx, all);
    return 0;
  }
  const c = createColors(ctx.color);
  let category = '';
  for (const rule of all) {
    if (rule.category !== category) {
      category = rule.category;
      out(ctx, `\n${c.bold(category === 'custom' ? `custom (the organisation's own, from ${custom.source})` : category)}`);
    }
    const basis = `${BASIS_LABEL[rule.basis]}${rule.certain ? ', minimal' : ''}`;
    out(ctx, `  ${rule.id.padEnd(30)} ${c.dim(rule.severity.padEnd(8))} ${c.dim(basis.padEnd(28))} ${rule.description}`);
    if (rule.defaults) out(ctx, `  ${' '.repeat(30)} ${' '.repeat(8)} ${' '.repeat(28)} ${c.dim(`options: ${JSON.stringify(rule.defaults)}`)}`);
  }
  out(ctx, '\nSeverities are those of the default preset, `recommended`. Rules resting on the standard follow the text of ODCS, ODPS or YAML;');
  out(ctx, 'dp conventions and organisation policies say so in their messages. `minimal` keeps the schema and the rules marked minimal.');
  out(ctx, `Configure them in a policy file (see README, "Policies"); suppress one inline with\n  # dp-disable-next-line <rule-id> -- <reason>`);
  return 0;
}

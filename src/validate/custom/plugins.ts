/**
 * Rules written in JavaScript, for what a schema cannot say (a role per output port of the
 * descriptor, in each contract...). Code runs only when the organisation's policy names the
 * module under `plugins:`, and only from the policy's own directory: a path inside it, a
 * regular file whose real path stays inside it, `.js` or `.mjs`. A module's default export is a
 * rule, or a list of rules, of the shape dp's own rules have (`defineRule`): id (namespaced, as
 * `acme/reader-role`), description, scope, severity, check(ctx).
 */
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isInside } from '../../descriptor/read-file.js';
import { DpError } from '../../errors.js';
import type { AnyRule, RuleContext, RuleScope } from '../rule.js';
import { CUSTOM_ID } from './types.js';

const SCOPES: readonly RuleScope[] = ['file', 'descriptor', 'contract', 'product'];
const SEVERITIES = ['error', 'warning', 'info'];

/** A plugin that cannot be loaded, or fails: the organisation's configuration to fix (exit 2). */
export class PluginError extends DpError {
  constructor(message: string) {
    super('config', message, { hint: 'fix the rule module, or remove it from `plugins:` in the policy' });
  }
}

/** The module's real path, refused when it could leave the policy directory or is not a regular module file. */
export function pluginPath(baseDir: string, rel: string): string {
  if (isAbsolute(rel) || rel.split(/[\\/]/).includes('..'))
    throw new PluginError(`${rel}: a plugin is named by a path inside the policy's directory, without ..`);
  if (!/\.m?js$/.test(rel)) throw new PluginError(`${rel}: a plugin is a JavaScript module (.js or .mjs)`);
  const root = realpathSync(baseDir);
  let real: string;
  try {
    real = realpathSync(resolve(baseDir, rel));
  } catch {
    throw new PluginError(`${rel} does not exist in ${baseDir}`);
  }
  if (!isInside(root, real)) throw new PluginError(`${rel} leads outside the policy's directory (${relative(root, real)})`);
  if (!statSync(real).isFile()) throw new PluginError(`${rel} is not a regular file`);
  return real;
}

function checkShape(rule: unknown, rel: string): AnyRule {
  const r = rule as Partial<AnyRule> | null;
  const problem =
    r === null || typeof r !== 'object'
      ? 'its default export is not a rule (an object made with the shape of defineRule, or a list of them)'
      : typeof r.id !== 'string' || !CUSTOM_ID.test(r.id)
        ? `rule id ${JSON.stringify(r.id)} must be namespaced, as acme/reader-role`
        : typeof r.description !== 'string' || r.description === ''
          ? `rule ${r.id} has no description`
          : !SCOPES.includes(r.scope as RuleScope)
            ? `rule ${r.id}: scope must be one of ${SCOPES.join(', ')}`
            : !SEVERITIES.includes(r.severity as string)
              ? `rule ${r.id}: severity must be one of ${SEVERITIES.join(', ')}`
              : typeof r.check !== 'function'
                ? `rule ${r.id} has no check(ctx) function`
                : undefined;
  if (problem) throw new PluginError(`${rel}: ${problem}`);
  return r as AnyRule;
}

/** A rule whose check fails stops the run: a broken rule must not pass or fail products by accident. */
function guarded(rule: AnyRule, rel: string): AnyRule {
  return {
    id: rule.id,
    description: rule.description,
    help: `${rule.help ? `${rule.help} ` : ''}(JavaScript rule from ${rel})`,
    category: 'custom',
    basis: 'organisation',
    severity: rule.severity,
    defaults: rule.defaults,
    scope: rule.scope,
    check(ctx: RuleContext) {
      try {
        rule.check(ctx);
      } catch (error) {
        throw new PluginError(`the rule ${rule.id} (${rel}) failed on ${ctx.file.display}: ${(error as Error)?.message ?? String(error)}`);
      }
    },
  };
}

export async function loadPlugin(baseDir: string, rel: string): Promise<AnyRule[]> {
  const real = pluginPath(baseDir, rel);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(real).href)) as { default?: unknown };
  } catch (error) {
    throw new PluginError(`${rel} cannot be loaded: ${(error as Error).message}`);
  }
  const exported = Array.isArray(mod.default) ? mod.default : [mod.default];
  return exported.map((r) => guarded(checkShape(r, rel), rel));
}

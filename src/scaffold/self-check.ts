/**
 * The contract with `dp validate`: the staged product is checked by the same
 * engine, under the same policies (the staging directory is a sibling of the
 * target, so the same dp.config.yaml applies). A product that does not pass is
 * never moved into place.
 */
import { relative, sep } from 'node:path';
import { DpError } from '../errors.js';
import type { Finding } from '../core/finding.js';
import type { PackOrigin } from './types.js';

export interface SelfCheckResult {
  /** Findings below error severity, reported but not refused. */
  notes: Finding[];
}

function toSlash(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Findings name files in the staging directory; users know them by their final path. */
function renamed(finding: Finding, stageDisplay: string, targetDisplay: string): Finding {
  const file = finding.file.startsWith(stageDisplay) ? targetDisplay + finding.file.slice(stageDisplay.length) : finding.file;
  return { ...finding, file };
}

function describe(f: Finding): string {
  return `${f.file}:${f.line}:${f.column} ${f.severity} ${f.message} (${f.ruleId})`;
}

export async function checkStaged(cwd: string, stage: string, target: string, origin: PackOrigin): Promise<SelfCheckResult> {
  const { validatePaths } = await import('../validate/run.js');
  const run = await validatePaths({ cwd, paths: [stage] });
  const stageDisplay = toSlash(relative(cwd, stage)) || '.';
  const targetDisplay = toSlash(relative(cwd, target)) || '.';
  const findings = run.findings.map((f) => renamed(f, stageDisplay, targetDisplay));
  if (run.targets.length === 0) {
    throw new DpError(
      origin === 'builtin' ? 'internal' : 'config',
      'the template pack generated no data product (no dataproduct.odps.yaml), so nothing was written',
      {
        hint: 'a pack writes the descriptor with `generator: descriptor` (or extends base, which does)',
      },
    );
  }
  // Placeholders are the team's to fill in: a product generated as released (--set status=active) is
  // written, and they are errors for dp validate and dp publish, not for dp init.
  const errors = findings.filter((f) => f.severity === 'error' && f.ruleId !== 'placeholders');
  if (errors.length > 0) {
    const list = errors.slice(0, 10).map(describe).join('\n  ');
    const more = errors.length > 10 ? `\n  ... and ${errors.length - 10} more` : '';
    throw new DpError(
      origin === 'builtin' ? 'internal' : 'config',
      `the generated product does not pass dp validate, so nothing was written:\n  ${list}${more}`,
      {
        hint:
          origin === 'builtin'
            ? 'this is a bug in a built-in template pack, unless your organisation policy (dp.config.yaml) is stricter than the defaults; please report it with --debug'
            : 'fix the template pack so that what it generates passes dp validate',
        details: { findings },
      },
    );
  }
  return { notes: findings };
}

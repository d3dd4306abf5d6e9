/**
 * Built-in presets a policy file can extend:
 * - `none`: the schema of the declared version (and the file being readable);
 * - `minimal`: the schema, plus what is certainly broken (`certain` rules): a
 *   document its official schema accepts gets no error from a single file;
 * - `recommended` (what dp applies when no policy is configured): dp's advice at
 *   each rule's own severity, errors only for what a reviewer would call a
 *   defect; every generated product passes it cleanly;
 * - `strict`: everything is an error.
 */
import type { SeverityOrOff } from '../../core/finding.js';
import type { RuleDoc } from '../rule.js';
import type { RuleSetting } from './policy.js';

export const PRESETS = ['recommended', 'strict', 'minimal', 'none'] as const;
export type PresetName = (typeof PRESETS)[number];

function severityIn(preset: PresetName, rule: RuleDoc): SeverityOrOff {
  if (rule.category === 'syntax') return 'error';
  switch (preset) {
    case 'recommended':
      return rule.severity;
    case 'strict':
      return rule.category === 'suppression' && rule.severity === 'info' ? 'warning' : 'error';
    case 'minimal':
      return rule.category === 'schema' || rule.category === 'suppression' || rule.certain ? rule.severity : 'off';
    case 'none':
      return rule.category === 'schema' || rule.category === 'suppression' ? rule.severity : 'off';
  }
}

export function presetSettings(preset: PresetName, rules: readonly RuleDoc[]): Map<string, RuleSetting> {
  const settings = new Map<string, RuleSetting>();
  for (const rule of rules) settings.set(rule.id, { severity: severityIn(preset, rule), options: { ...rule.defaults } });
  return settings;
}

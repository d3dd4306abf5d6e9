/**
 * Which pack to use: --template, else --archetype, else the template recorded
 * in an --answers file, else a prompt (interactive runs), else the default
 * with --yes; otherwise the archetype is one of the missing answers.
 */
import { usageError } from '../errors.js';
import { recordedTemplate } from './answers-input.js';
import { DEFAULT_ARCHETYPE, listPacks, loadOrganisationPacks, looksLikePath, resolvePack } from './pack-list.js';
import { loadManifestValidator } from './pack-manifest.js';
import type { Prompter } from './prompts.js';
import type { Question } from './questions.js';
import type { Pack } from './types.js';

export interface PackChoice {
  pack: Pack;
  /** The archetype still has to be given (non-interactive run without --yes). */
  missing?: Question;
}

export interface ChooseOptions {
  template?: string;
  archetype?: string;
  answers?: string;
  yes?: boolean;
  interactive: boolean;
  prompter: () => Promise<Prompter>;
}

const ARCHETYPE_QUESTION: Question = {
  key: 'archetype',
  schema: {},
  title: 'Kind of data product',
  required: true,
  kind: 'select',
  choices: ['source-aligned', 'aggregate', 'consumer-aligned'],
  defaultValue: DEFAULT_ARCHETYPE,
  prompt: true,
  flag: '--archetype',
};

async function askPack(cwd: string, prompter: Prompter): Promise<string> {
  const packs = listPacks(cwd);
  const choices = packs.map((p) => ({ value: p.id, name: `${p.id}${p.origin === 'builtin' ? '' : ` (${p.origin})`}`, description: p.description }));
  return prompter.askSelect('Kind of data product (template pack)', choices, DEFAULT_ARCHETYPE);
}

export async function choosePack(cwd: string, options: ChooseOptions): Promise<PackChoice> {
  await loadOrganisationPacks(cwd);
  if (options.template) {
    if (looksLikePath(options.template)) await loadManifestValidator();
    const pack = resolvePack(cwd, options.template);
    if (options.archetype && pack.archetype !== options.archetype) {
      throw usageError(
        `--archetype ${options.archetype} does not match the template pack ${pack.id} (${pack.archetype ?? 'no archetype'})`,
        'give one of --template and --archetype',
      );
    }
    return { pack };
  }
  const spec = options.archetype ?? (options.answers ? recordedTemplate(cwd, options.answers) : undefined);
  if (spec) return { pack: resolvePack(cwd, spec) };
  if (options.interactive && !options.yes) return { pack: resolvePack(cwd, await askPack(cwd, await options.prompter())) };
  if (options.yes) return { pack: resolvePack(cwd, DEFAULT_ARCHETYPE) };
  return { pack: resolvePack(cwd, DEFAULT_ARCHETYPE), missing: ARCHETYPE_QUESTION };
}

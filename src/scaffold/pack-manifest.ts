/** Reading and checking a pack manifest (dp-template.yaml). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceFile } from '../descriptor/source.js';
import { DpError } from '../errors.js';
import type { CompiledValidator } from '../config/document.js';
import { fromRoot } from '../paths.js';
import type { Answers, Condition, Dataset, JsonSchema, PackFile, PackOrigin } from './types.js';
import { readYamlMapping, requireSchema } from './yaml-file.js';

export const MANIFEST_NAME = 'dp-template.yaml';
export const ANSWERS_SCHEMA_ID = 'https://dp-cli.dev/schemas/dp-answers.schema.json';

export interface Manifest {
  id: string;
  version: string;
  description: string;
  archetype?: string;
  extends?: string;
  abstract?: boolean;
  questions?: JsonSchema;
  defaults?: Answers;
  dataset?: Dataset;
  conditions?: Record<string, Condition>;
  files: PackFile[];
  changelog?: ChangelogEntry[];
}

export interface ChangelogEntry {
  version: string;
  date?: string;
  changes: string[];
}

export interface ManifestFile {
  manifest: Manifest;
  file: SourceFile;
  dir: string;
  origin: PackOrigin;
}

const schemaCache = new Map<string, JsonSchema>();

/** One of dp's own JSON Schemas as data (to word error messages and read the questions). */
export function readDpSchema(name: string): JsonSchema {
  let schema = schemaCache.get(name);
  if (!schema) {
    schema = JSON.parse(readFileSync(fromRoot('schemas', `${name}.schema.json`), 'utf8')) as JsonSchema;
    schemaCache.set(name, schema);
  }
  return schema;
}

let validateManifest: CompiledValidator | undefined;

/**
 * Loads the manifest schema's validator. Only packs from outside dp need it:
 * dp's own manifests are checked by its tests, and skipping the validator
 * keeps it out of the start-up of every `dp init`.
 */
export async function loadManifestValidator(): Promise<CompiledValidator> {
  validateManifest ??= (await import('../schemas/dp-template-manifest.js')).default;
  return validateManifest;
}

export function checkManifest(file: SourceFile, validate: CompiledValidator): void {
  requireSchema(file, validate, 'template manifest', {
    schema: readDpSchema('dp-template-manifest'),
    hint: 'see schemas/dp-template-manifest.schema.json and docs/init.md',
  });
}

export function isPackDir(dir: string): boolean {
  return existsSync(join(dir, MANIFEST_NAME));
}

export function readManifest(cwd: string, dir: string, origin: PackOrigin): ManifestFile {
  const path = join(dir, MANIFEST_NAME);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new DpError('usage', `template pack ${dir} does not exist`, {
      hint: 'give a built-in pack id (see `dp init --list-templates`) or a directory holding dp-template.yaml',
    });
  }
  if (!isDir || !existsSync(path)) {
    throw new DpError('config', `${dir} is not a template pack: it has no ${MANIFEST_NAME}`, {
      hint: 'a pack is a directory with a dp-template.yaml manifest and the files it names (see docs/init.md)',
    });
  }
  const file = readYamlMapping(cwd, path, 'template manifest');
  if (origin !== 'builtin') {
    if (!validateManifest) throw new DpError('internal', 'the template manifest validator is not loaded (call loadManifestValidator first)');
    checkManifest(file, validateManifest);
  }
  return { manifest: file.value as unknown as Manifest, file, dir, origin };
}

/**
 * Which of dp's own JSON Schemas checks a document: one per standard version
 * (ODCS v3.0.0, v3.0.1, v3.0.2, v3.1.0; ODPS v1.0.0), chosen from what the
 * document declares. The validators of the latest versions are part of the
 * start-up bundle; the older ODCS ones are loaded the first time a document of
 * that version is checked, so that `dp validate` of current files never pays
 * for them.
 */
import { LATEST_ODCS, type Recognition } from '../../descriptor/recognize.js';
import validateOdcs from '../../schemas/odcs-v3.1.0.js';
import validateOdps from '../../schemas/odps-v1.0.0.js';
import type { SchemaValidator } from './types.js';

export type SchemaName = 'odps-v1.0.0' | 'odcs-v3.0.0' | 'odcs-v3.0.1' | 'odcs-v3.0.2' | 'odcs-v3.1.0';
type Lazy = Exclude<SchemaName, 'odps-v1.0.0' | 'odcs-v3.1.0'>;

const LOADERS: Record<Lazy, () => Promise<{ default: SchemaValidator }>> = {
  'odcs-v3.0.0': () => import('../../schemas/odcs-v3.0.0.js'),
  'odcs-v3.0.1': () => import('../../schemas/odcs-v3.0.1.js'),
  'odcs-v3.0.2': () => import('../../schemas/odcs-v3.0.2.js'),
};

const loaded = new Map<SchemaName, SchemaValidator>([
  ['odps-v1.0.0', validateOdps],
  ['odcs-v3.1.0', validateOdcs],
]);

/** The schema of a recognised document; undefined for documents dp does not check (DCS, DPDS, ODCS v2...). */
export function schemaNameOf(recognition: Recognition): SchemaName | undefined {
  if (!recognition.checkable) return undefined;
  if (recognition.format === 'odps') return 'odps-v1.0.0';
  if (recognition.format !== 'odcs') return undefined;
  // Without apiVersion the latest schema reports it missing.
  return `odcs-${recognition.version ?? LATEST_ODCS}` as SchemaName;
}

/** `ODCS v3.0.2`, as messages name the standard. */
export function standardLabel(name: SchemaName): string {
  const [kind, version] = name.split('-');
  return `${kind.toUpperCase()} ${version}`;
}

export function validatorFor(name: SchemaName): SchemaValidator {
  const validate = loaded.get(name);
  if (!validate) throw new Error(`the validator of ${name} was not loaded before checking`);
  return validate;
}

/** Loads the validators among `names` that are not loaded yet; undefined (no promise) when none is missing. */
export function loadValidators(names: Iterable<SchemaName | undefined>): Promise<void> | undefined {
  let complete = true;
  for (const name of names) if (name !== undefined && !loaded.has(name)) complete = false;
  if (complete) return undefined;
  const missing = [...new Set(names)].filter((n): n is Lazy => n !== undefined && !loaded.has(n));
  if (missing.length === 0) return undefined;
  return Promise.all(missing.map(async (n) => loaded.set(n, (await LOADERS[n]()).default))).then(() => undefined);
}

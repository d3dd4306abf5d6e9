/**
 * Files dp ships beside its code (package.json, schemas/, templates/, the
 * built worker), found from the installation root. The root is searched
 * upward from this module because the module's own depth differs between the
 * bundle (dist/), the TypeScript output (build/tsc/...) and the sources (tests).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schemas')) && existsSync(join(dir, 'bin', 'dp.js'))) return (root = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find dp's installation directory above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** A path inside dp's installation: fromRoot('schemas', 'odps-v1.0.0.schema.json'). */
export function fromRoot(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

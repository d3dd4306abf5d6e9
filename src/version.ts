import { readFileSync } from 'node:fs';
import { fromRoot } from './paths.js';

let cached: string | undefined;

/** dp's own version, from its package.json. */
export function dpVersion(): string {
  cached ??= (JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string }).version;
  return cached;
}

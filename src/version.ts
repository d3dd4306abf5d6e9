import { readFileSync } from 'node:fs';
import { fromRoot } from './paths.js';

/**
 * The npm package dp is published as. The command it installs is `dp`; the package `dp` on the
 * registry belongs to someone else, so nothing dp writes may install that one.
 */
export const DP_PACKAGE = 'dp-cli';

let cached: string | undefined;

/** dp's own version, from its package.json. */
export function dpVersion(): string {
  cached ??= (JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string }).version;
  return cached;
}

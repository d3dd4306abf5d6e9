/** Semantic Versioning 2.0.0, checked without loading a library (dp validate starts fast). */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function isSemver(version: string): boolean {
  return SEMVER.test(version);
}

/**
 * A semantic version, or one with a leading `v` as the ODPS text writes them (`v1.0.0`):
 * both order the same way, and `dp publish` reads both.
 */
export function isVersion(version: string): boolean {
  return SEMVER.test(/^v\d/.test(version) ? version.slice(1) : version);
}

/** A hint for a near miss: `1.2`, `1.2.0.0`, `V1.2.0`. */
export function semverHint(version: string): string {
  if (/^[vV]\d/.test(version) && isSemver(version.slice(1))) return `drop the "${version[0]}": \`${version.slice(1)}\``;
  if (/^\d+\.\d+$/.test(version)) return `add the patch number: \`${version}.0\``;
  if (/^\d+$/.test(version)) return `write it as \`${version}.0.0\``;
  return 'use MAJOR.MINOR.PATCH, for example 1.4.0 (semver.org)';
}

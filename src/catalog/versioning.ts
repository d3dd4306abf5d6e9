/**
 * The versioning rules of the catalog, as pure functions: whether a candidate
 * version may be published given what the catalog already holds.
 *
 * - same version, same content (digest): nothing to do, a success;
 * - same version, other content: refused (published versions are immutable);
 * - a version not greater (semver) than the latest: refused;
 * - breaking changes against the latest: refused unless the major version grows
 *   (also from 0.x: dp does not apply semver's "anything goes below 1.0.0").
 */
import semver from 'semver';
import { affectedPorts, diffProducts } from './diff/diff.js';
import { isBreaking } from './diff/rules.js';
import type { Candidate, Change, ExistingVersion, Refusal, VersionRecord } from './store.js';

export interface Plan {
  status: 'publish' | 'unchanged' | 'refused';
  previousVersion: string | null;
  changes: Change[];
  refusals: Refusal[];
  /** Output ports touched by breaking changes (their consumers are affected). */
  affectedPorts: string[];
}

const day = (iso: string) => iso.slice(0, 10);

function refuse(plan: Omit<Plan, 'status' | 'refusals'>, refusals: Refusal[]): Plan {
  return { ...plan, status: 'refused', refusals };
}

/** The next major version after `version`: 1.4.2 -> 2.0.0. */
export function nextMajor(version: string): string {
  return `${semver.major(version) + 1}.0.0`;
}

export function planVersion(candidate: Candidate, digest: string, latest: VersionRecord | undefined, existing: ExistingVersion | undefined): Plan {
  const ref = `${candidate.productId}@${candidate.version}`;
  const previousVersion = latest?.version ?? null;
  if (!semver.valid(candidate.version)) {
    return refuse({ previousVersion, changes: [], affectedPorts: [] }, [
      { code: 'invalid-version', message: `${ref}: "${candidate.version}" is not a semantic version` },
    ]);
  }
  // The latest may be this very version when another publisher committed it between two reads.
  if (!existing && latest && latest.version === candidate.version) {
    existing = { digest: latest.digest, publisher: latest.publisher, publishedAt: latest.publishedAt, latest: latest.version };
  }
  if (existing) {
    if (existing.digest === digest) return { status: 'unchanged', previousVersion: existing.latest, changes: [], refusals: [], affectedPorts: [] };
    const message = `${ref} is already published with different content (by ${existing.publisher} on ${day(existing.publishedAt)}); published versions never change: give this one a new version`;
    return refuse({ previousVersion: existing.latest, changes: [], affectedPorts: [] }, [{ code: 'version-exists', message }]);
  }
  if (!latest) return { status: 'publish', previousVersion, changes: [], refusals: [], affectedPorts: [] };
  const changes = diffProducts(latest.documents, candidate.documents);
  const base = { previousVersion, changes, affectedPorts: affectedPorts(changes) };
  const refusals: Refusal[] = [];
  if (!semver.gt(candidate.version, latest.version)) {
    refusals.push({
      code: 'version-not-greater',
      message: `${ref}: version ${candidate.version} is not greater than the latest published version ${latest.version}`,
    });
  }
  const breaking = changes.filter(isBreaking).length;
  if (breaking > 0 && semver.major(candidate.version) <= semver.major(latest.version)) {
    const message = `${ref}: ${breaking} breaking change${breaking === 1 ? '' : 's'} against ${latest.version} need${breaking === 1 ? 's' : ''} a new major version (${nextMajor(latest.version)})`;
    refusals.push({ code: 'breaking-needs-major', message });
  }
  return refusals.length > 0 ? refuse(base, refusals) : { ...base, status: 'publish', refusals: [] };
}

/**
 * Which template pack a product's update comes from, and whether it is newer: the pack the
 * product records (by id: a built-in pack or the organisation's), or `--template`. Versions
 * compare as semantic versions; the changelog entries between the two are what changed.
 */
import semverCompare from 'semver/functions/compare.js';
import semverValid from 'semver/functions/valid.js';
import { DpError } from '../../errors.js';
import { builtinManifest, loadOrganisationPacks, looksLikePath, organisationManifest, resolvePack } from '../pack-list.js';
import { loadManifestValidator, readManifest, type ChangelogEntry, type ManifestFile } from '../pack-manifest.js';
import type { Pack } from '../types.js';
import { resolve } from 'node:path';

export interface VersionCheck {
  template: { id: string; recorded: string; available: string; origin: string };
  newer: boolean;
  /** Changelog entries after the recorded version, up to the available one, newest first. */
  changes: ChangelogEntry[];
}

function compare(a: string, b: string): number {
  return semverValid(a) && semverValid(b) ? semverCompare(a, b) : a === b ? 0 : a < b ? -1 : 1;
}

/** The manifest only (no templates read): enough to compare versions. */
export async function findManifest(cwd: string, target: string, id: string, template?: string): Promise<ManifestFile> {
  await loadOrganisationPacks(target);
  if (template && looksLikePath(template)) {
    await loadManifestValidator();
    return readManifest(cwd, resolve(cwd, template), 'local');
  }
  const wanted = template ?? id;
  const mf = organisationManifest(wanted) ?? builtinManifest(cwd, wanted);
  if (!mf || mf.manifest.abstract) {
    throw new DpError('usage', `the template pack \`${wanted}\` the product was generated from is not available here`, {
      hint: "an organisation's pack comes from the `templates:` directory of dp.config.yaml; a pack in another directory is given with --template <dir>",
    });
  }
  return mf;
}

export function checkVersions(recorded: { id: string; version: string }, mf: ManifestFile): VersionCheck {
  const available = mf.manifest.version;
  const order = compare(available, recorded.version);
  return {
    template: { id: mf.manifest.id, recorded: recorded.version, available, origin: mf.origin },
    newer: order > 0 || mf.manifest.id !== recorded.id,
    changes: (mf.manifest.changelog ?? []).filter((e) => compare(e.version, recorded.version) > 0 && compare(e.version, available) <= 0),
  };
}

/** Refuses to go back to an older version of the pack. */
export function refuseDowngrade(check: VersionCheck): void {
  if (compare(check.template.available, check.template.recorded) >= 0) return;
  throw new DpError(
    'usage',
    `the product was generated from ${check.template.id}@${check.template.recorded}, newer than the ${check.template.id}@${check.template.available} available here`,
    {
      hint: 'upgrade dp (for built-in packs) or the organisation template directory; dp update never goes back to an older template',
    },
  );
}

export function loadPackFor(cwd: string, mf: ManifestFile): Pack {
  return resolvePack(cwd, mf.origin === 'local' ? mf.dir : mf.manifest.id);
}

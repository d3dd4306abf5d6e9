/** dp catalog doctor's checks of one stored version: damage to the rows apart from odd published content. */
import { describe, expect, it } from 'vitest';
import { digestOf } from '../../src/catalog/canonical.js';
import { checkVersion } from '../../src/catalog/doctor-checks.js';
import { doctorReport } from '../../src/catalog/format/doctor.js';
import { newVersion } from '../../src/catalog/record.js';
import type { VersionRecord } from '../../src/catalog/store.js';
import { clone, playerProduct, toCandidate } from '../support/catalog.js';

function stored(mutate: (p: ReturnType<typeof playerProduct>) => void = () => undefined): VersionRecord {
  const p = clone(playerProduct());
  mutate(p);
  const candidate = toCandidate(p);
  return newVersion(candidate, {
    digest: digestOf(candidate.documents),
    publisher: 'ci',
    publishedAt: '2025-01-31T00:00:00.000Z',
    previousVersion: null,
    changes: [],
  });
}

describe('checkVersion', () => {
  it('finds nothing in a sound version', () => {
    expect(checkVersion(stored())).toEqual({ damage: [], oddities: [] });
  });

  it('reports content dp finds odd as oddities, not damage', () => {
    const record = stored((p) => {
      p.descriptor.outputPorts.push('just a string');
      p.descriptor.inputPorts.push({ version: '1.0.0' });
      p.descriptor.outputPorts.push({ name: 'ghost', version: '1.0.0', contractId: 'nowhere' });
      p.descriptor.managementPorts = 'none';
    });
    const { damage, oddities } = checkVersion(record);
    expect(damage).toEqual([]);
    expect(oddities).toEqual([
      'version play-events@1.0.0: inputPorts[1] has no name',
      'version play-events@1.0.0: outputPorts[1] is a string, not a mapping: dp ignores it',
      'version play-events@1.0.0: managementPorts is a string, not a list: dp sees no managementPorts',
      'version play-events@1.0.0: output port ghost names contract nowhere, which the version does not hold',
    ]);
  });

  it('reports rows that no longer match the documents as damage', () => {
    const tampered = stored();
    (tampered.documents.descriptor.value as Record<string, unknown>).name = 'Changed';
    expect(checkVersion(tampered).damage).toEqual([
      expect.stringMatching(
        /^version play-events@1\.0\.0: its documents do not match its digest \(stored sha256:[0-9a-f]{64}, computed sha256:[0-9a-f]{64}\)$/,
      ),
    ]);
    const lostPorts = stored();
    lostPorts.ports = lostPorts.ports.slice(1);
    expect(checkVersion(lostPorts).damage).toEqual(['version play-events@1.0.0: 1 port rows, but its descriptor declares 2 ports']);
    const renamed = { ...stored(), productId: 'other' };
    expect(checkVersion(renamed).damage).toEqual(['version other@1.0.0: its descriptor is play-events@1.0.0, not the version its row names']);
  });
});

describe('the report', () => {
  it('is sound with warnings, damaged with problems, escaped for the terminal', () => {
    const base = { catalog: 'c.db', products: 2, versions: 3 };
    expect(doctorReport({ ...base, damage: [], oddities: ['version a@1.0.0: odd\u001b[2J'] })).toBe(
      'warning: version a@1.0.0: odd\\x1b[2J\ncatalog c.db is sound: 2 products, 3 versions, every check passed\n1 warning: content published as it is, which dp finds odd; published versions never change, so there is nothing to repair\n',
    );
    expect(doctorReport({ ...base, damage: ['x'], oddities: [] })).toMatch(/^problem: x\n1 problem in catalog c\.db \(2 products, 3 versions\)/);
  });
});

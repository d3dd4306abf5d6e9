/**
 * The organisation policy decides which inline suppressions count; schema, identifier and
 * versioning rules are never suppressed in what is published (dp publish, the catalog server).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { receiveCandidates } from '../../src/server/receive.js';
import { wireCandidate } from '../../src/catalog/http/wire.js';
import { ResolvedPolicy } from '../../src/validate/policies/policy.js';
import { presetSettings } from '../../src/validate/policies/presets.js';
import { PROTECTED_RULES, resolveSuppressions } from '../../src/validate/policies/suppression-policy.js';
import { RULE_DOCS } from '../../src/validate/rules/docs.js';
import { playerProduct, toCandidate } from '../support/catalog.js';
import { tempDir, validProduct, type ProductFixture } from '../support/product.js';
import { check, cleanupAll } from '../support/validate.js';

afterEach(cleanupAll);

/** The descriptor's text with a comment line first. */
const withComment = (p: ProductFixture, comment: string) => `${comment}\n${stringify(p.descriptor)}`;

function badId(): ProductFixture {
  const p = validProduct();
  p.descriptor.id = '../../etc/passwd';
  return p;
}

function noSupport(): ProductFixture {
  const p = validProduct();
  delete p.descriptor.support;
  return p;
}

function policyFile(text: string): string {
  const t = tempDir();
  const path = join(t.dir, 'policies.yaml');
  writeFileSync(path, text);
  return path;
}

describe('the protected rules', () => {
  it('are the schema, identifiers and what versioning reads', () => {
    for (const id of [
      'schema-unknown-key',
      'schema-type',
      'duplicate-keys',
      'semver',
      'safe-identifiers',
      'unique-ports',
      'output-port-contract',
      'quality-rules',
      'sla-properties',
    ])
      expect(PROTECTED_RULES.has(id)).toBe(true);
    for (const id of ['support-channel', 'naming-pattern', 'team-owner', 'personal-data-classification']) expect(PROTECTED_RULES.has(id)).toBe(false);
  });

  it('cannot be suppressed under the default policy: the suppression is a finding at its own line', async () => {
    const run = await check(badId(), { descriptor: withComment(badId(), '# dp-disable-file safe-identifiers -- trust me') });
    expect(run.ids.sort()).toEqual(['naming-pattern', 'safe-identifiers', 'suppression-not-allowed']);
    const f = run.findings.find((x) => x.ruleId === 'suppression-not-allowed')!;
    expect(f).toMatchObject({ file: 'dataproduct.odps.yaml', line: 1, column: 1, severity: 'error' });
    expect(f.message).toBe('dp-disable-file safe-identifiers: the organisation policy does not allow suppressing `safe-identifiers`');
  });

  it('an unknown key suppressed next to an allowed rule: only the allowed one is suppressed', async () => {
    const p = noSupport();
    p.descriptor.extra = 1;
    const text = stringify(p.descriptor).replace('extra: 1', '# dp-disable-next-line schema-unknown-key -- legacy\nextra: 1');
    const run = await check(p, { descriptor: `# dp-disable-file support-channel -- the platform team answers\n${text}` });
    expect(run.ids.sort()).toEqual(['schema-unknown-key', 'suppression-not-allowed']);
    expect(run.summary.suppressed).toBe(1);
  });
});

describe('suppressions: in the policy', () => {
  it('allow lets dp validate honour a protected rule, never publishing', async () => {
    const policies = policyFile('suppressions:\n  allow: [safe-identifiers, naming-pattern]\n');
    const text = withComment(badId(), '# dp-disable-file safe-identifiers, naming-pattern -- migrating ids');
    expect((await check(badId(), { descriptor: text }, { policies })).ids).toEqual([]);
    const publishing = await check(badId(), { descriptor: text }, { policies, publishing: true });
    expect(publishing.ids.sort()).toEqual(['safe-identifiers', 'suppression-not-allowed']);
    expect(publishing.findings.find((f) => f.ruleId === 'suppression-not-allowed')!.message).toBe(
      'dp-disable-file safe-identifiers: `safe-identifiers` is never suppressed in a published version (schema, identifier and versioning rules)',
    );
  });

  it('deny, fileWide and overrides per glob', async () => {
    const fileWide = withComment(noSupport(), '# dp-disable-file support-channel -- shared channel');
    expect((await check(noSupport(), { descriptor: fileWide })).ids).toEqual([]);
    let policies = policyFile('suppressions:\n  deny: [support-channel]\n');
    expect((await check(noSupport(), { descriptor: fileWide }, { policies })).ids.sort()).toEqual(['support-channel', 'suppression-not-allowed']);
    policies = policyFile('suppressions:\n  fileWide: false\n');
    const refused = await check(noSupport(), { descriptor: fileWide }, { policies });
    expect(refused.findings.find((f) => f.ruleId === 'suppression-not-allowed')?.message).toBe(
      'dp-disable-file support-channel: the organisation policy does not allow file-wide suppressions',
    );
    // Where: an override for the descriptor allows what the policy denies elsewhere.
    policies = policyFile(
      "suppressions:\n  deny: [support-channel]\noverrides:\n  - files: ['dataproduct.odps.yaml']\n    suppressions:\n      allow: [support-channel]\n",
    );
    expect((await check(noSupport(), { descriptor: fileWide }, { policies })).ids).toEqual([]);
  });

  it('a policy naming an unknown rule is a configuration error at its line', async () => {
    const policies = policyFile('suppressions:\n  allow: [support-chanel]\n');
    await expect(check(noSupport(), {}, { policies })).rejects.toMatchObject({ location: { line: 2 } });
  });

  it('resolves in order: the default, the policy, then each override', () => {
    expect(resolveSuppressions(undefined, []).allows('naming-pattern')).toBe(true);
    expect(resolveSuppressions(undefined, []).allows('semver')).toBe(false);
    expect(resolveSuppressions({ allow: ['*'] }, []).allows('semver')).toBe(true);
    expect(resolveSuppressions({ allow: ['*'] }, [{ deny: ['*'] }]).allows('naming-pattern')).toBe(false);
    expect(resolveSuppressions({ deny: ['naming-pattern'] }, [{ allow: ['naming-pattern'] }, undefined]).allows('naming-pattern')).toBe(true);
    expect(resolveSuppressions({ allow: ['yaml-syntax' as string] }, []).allows('yaml-syntax')).toBe(false);
    expect(resolveSuppressions({ fileWide: false }, [{ fileWide: true }]).fileWide).toBe(true);
  });
});

describe('the catalog server', () => {
  const severities = new Map(RULE_DOCS.map((r) => [r.id, r.severity]));
  // A server policy that allows everything: the protected rules still hold.
  const lenient = new ResolvedPolicy('lenient', presetSettings('recommended', RULE_DOCS), [], process.cwd(), (id) => severities.get(id) ?? 'error', {
    allow: ['*'],
  });

  it('never honours suppressions of identifier and versioning rules', async () => {
    const p = playerProduct();
    p.descriptor.id = '<img src=x onerror=alert(1)>';
    const candidate = wireCandidate(toCandidate(p));
    candidate.documents.descriptor.text = `# dp-disable-file safe-identifiers, sla-properties, naming-pattern -- ours\n${candidate.documents.descriptor.text}`;
    const [r] = await receiveCandidates([candidate], lenient);
    expect(r.candidate).toBeUndefined();
    expect(r.findings.map((f) => f.ruleId).sort()).toEqual(['safe-identifiers', 'suppression-not-allowed', 'suppression-not-allowed']);
  });

  it('still honours what the policy allows among the other rules', async () => {
    const p = playerProduct();
    delete p.descriptor.support;
    const candidate = wireCandidate(toCandidate(p));
    candidate.documents.descriptor.text = `# dp-disable-file support-channel -- the platform team answers\n${candidate.documents.descriptor.text}`;
    const [r] = await receiveCandidates([candidate], lenient);
    expect(r.findings).toEqual([]);
    expect(r.candidate!.validation.suppressed).toBe(1);
  });
});

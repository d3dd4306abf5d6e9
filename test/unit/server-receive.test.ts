/** What the server makes of offered products: its own validation, strict file names, batches under the body limit. */
import { describe, expect, it } from 'vitest';
import { ResolvedPolicy } from '../../src/validate/policies/policy.js';
import { presetSettings } from '../../src/validate/policies/presets.js';
import { RULE_DOCS } from '../../src/validate/rules/docs.js';
import { checkFileNames, receiveCandidates } from '../../src/server/receive.js';
import { batchCandidates } from '../../src/catalog/http/batches.js';
import { wireCandidate } from '../../src/catalog/http/wire.js';
import { ApiError } from '../../src/server/errors.js';
import { playerProduct, listenerProduct, toCandidate } from '../support/catalog.js';

// The recommended preset, as buildPolicy makes it (resolve.ts itself loads a compiled schema from dist/).
const severities = new Map(RULE_DOCS.map((r) => [r.id, r.severity]));
const policy = new ResolvedPolicy('recommended', presetSettings('recommended', RULE_DOCS), [], process.cwd(), (id) => severities.get(id) ?? 'error');

function offered(p = playerProduct()) {
  return wireCandidate(toCandidate(p));
}

describe('receiveCandidates', () => {
  it('validates a sound product and recomputes its values and summary from the texts', async () => {
    const offer = offered();
    const [r] = await receiveCandidates([offer], policy);
    expect(r.errors).toBe(0);
    expect(r.candidate!.productId).toBe('play-events');
    expect(r.team).toBe('player-team');
    expect(r.candidate!.documents.descriptor.value.id).toBe('play-events');
    expect(r.candidate!.documents.contracts.map((c) => c.file)).toEqual(['contracts/events.odcs.yaml']);
    expect(r.candidate!.validation.errors).toBe(0);
  });

  it('refuses a product whose documents fail validation, with findings', async () => {
    const p = playerProduct();
    p.descriptor.unexpected = true;
    const [r] = await receiveCandidates([offered(p)], policy);
    expect(r.candidate).toBeUndefined();
    expect(r.errors).toBeGreaterThan(0);
    expect(r.findings.some((f) => f.file === 'dataproduct.odps.yaml')).toBe(true);
  });

  it("matches the policy's overrides against the product's directory in the publisher's repository", async () => {
    const base = '/srv/policies';
    const legacy = new ResolvedPolicy(
      'dp.config.yaml',
      presetSettings('recommended', RULE_DOCS),
      [{ files: ['domains/legacy/**'], rules: { 'team-owner': 'off' } }],
      base,
      (id) => severities.get(id) ?? 'error',
    );
    const ownerless = () => {
      const p = playerProduct();
      p.descriptor.team.members = [];
      return offered(p);
    };
    const errorsWith = async (source: string | undefined) =>
      (await receiveCandidates([{ ...ownerless(), source }], legacy))[0].findings.filter((f) => f.ruleId === 'team-owner').length;
    expect(await errorsWith('domains/legacy/play-events')).toBe(0);
    expect(await errorsWith('./domains/legacy/play-events/')).toBe(0);
    expect(await errorsWith('domains\\legacy\\play-events')).toBe(0);
    expect(await errorsWith('domains/player/play-events')).toBe(1);
    // Anything but a plain relative path is matched as a product outside every override.
    for (const source of [undefined, '../domains/legacy/x', '/etc/domains/legacy/x', 'domains/legacy/../../x', 'C:/domains/legacy/x']) {
      expect(await errorsWith(source)).toBe(1);
    }
  });

  it('refuses YAML that does not parse', async () => {
    const offer = offered();
    offer.documents.descriptor.text = 'id: [unclosed\n';
    const [r] = await receiveCandidates([offer], policy);
    expect(r.candidate).toBeUndefined();
    expect(r.findings[0].ruleId).toBe('yaml-syntax');
  });

  it('accepts only file names inside the product, of descriptors and contracts', () => {
    const bad = (file: string, where: 'descriptor' | 'contract') => {
      const offer = offered();
      if (where === 'descriptor') offer.documents.descriptor.file = file;
      else offer.documents.contracts[0].file = file;
      return () => checkFileNames(offer, 0);
    };
    for (const file of ['../dataproduct.odps.yaml', '/etc/passwd', 'x.yaml', 'sub/orders.odps.yaml', '.odps.yaml'])
      expect(bad(file, 'descriptor')).toThrow(ApiError);
    for (const file of [
      'contracts/../../x.odcs.yaml',
      '/abs.odcs.yaml',
      'contracts/.hidden.odcs.yaml',
      'contracts/x.yaml',
      'a/../x.odcs.yaml',
      'a//x.odcs.yaml',
      'a/b/c/d/e/f/g/h/x.odcs.yaml',
    ]) {
      expect(bad(file, 'contract'), file).toThrow(/contracts\/<name>\.odcs\.yaml/);
    }
    // Layouts other than dp's own: a descriptor named after the product, contracts anywhere in its tree.
    expect(bad('orders.odps.yaml', 'descriptor')).not.toThrow();
    for (const file of ['contracts/events.odcs.yml', 'contracts/a/b.odcs.yaml', 'other/x.odcs.yaml', 'x.odcs.yaml'])
      expect(bad(file, 'contract'), file).not.toThrow();
  });
});

describe('batchCandidates', () => {
  it('splits under the body limit and keeps versions of one product together', () => {
    const a1 = toCandidate(playerProduct());
    const a2 = { ...toCandidate(playerProduct()), version: '2.0.0' };
    const b = toCandidate(listenerProduct());
    const size = Buffer.byteLength(JSON.stringify(wireCandidate(a1)));
    const batches = batchCandidates([a1, b, a2], Math.ceil((size * 2 + 600) / 0.9));
    expect(batches).toEqual([[a1, a2], [b]]);
    expect(batchCandidates([a1, b, a2], 10 * 1024 * 1024)).toEqual([[a1, a2, b]]);
  });

  it('refuses a product larger than the limit before sending anything', () => {
    expect(() => batchCandidates([toCandidate(playerProduct())], 1024)).toThrow(/over what the catalog server accepts/);
  });
});

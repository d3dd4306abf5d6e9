import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { recognize } from '../../src/descriptor/recognize.js';

describe('recognize', () => {
  it('knows each ODCS v3 version dp validates', () => {
    for (const version of ['v3.0.0', 'v3.0.1', 'v3.0.2', 'v3.1.0']) {
      expect(recognize({ kind: 'DataContract', apiVersion: version })).toMatchObject({ format: 'odcs', version, checkable: true });
    }
  });

  it('sends ODCS v2 and unknown ODCS versions elsewhere, naming what to do', () => {
    const v2 = recognize({ kind: 'DataContract', apiVersion: 'v2.2.2', datasetName: 'x' });
    expect(v2).toMatchObject({ format: 'odcs', checkable: false, key: 'apiVersion' });
    expect(v2.problem).toMatch(/ODCS v2.*dp convert/);
    expect(recognize({ kind: 'DataContract', apiVersion: 'v3.9.0' }).problem).toBe(
      'ODCS v3.9.0 is newer than the versions dp checks (up to v3.1.0): declare v3.1.0 if the contract uses only what v3.1.0 defines',
    );
    expect(recognize({ kind: 'DataContract', apiVersion: 'v4' }).problem).toMatch(/not an ODCS version dp knows/);
    expect(recognize({ kind: 'DataContract', apiVersion: '3.1.0' }).problem).toBe('apiVersion "3.1.0" is not how ODCS names its versions: write "v3.1.0"');
    expect(recognize({ kind: 'DataProduct', apiVersion: '1.0.0' }).problem).toMatch(/write "v1.0.0"/);
  });

  it('checks a contract or product without apiVersion (its schema reports the missing key)', () => {
    expect(recognize({ kind: 'DataContract' })).toMatchObject({ format: 'odcs', checkable: true });
    expect(recognize({ kind: 'DataProduct', apiVersion: 'v1.0.0' })).toMatchObject({ format: 'odps', checkable: true });
    expect(recognize({ kind: 'DataProduct', apiVersion: 'v0.9.0' })).toMatchObject({ format: 'odps', checkable: true });
  });

  it('refuses a kind with the wrong case, and any other kind', () => {
    expect(recognize({ kind: 'Datacontract', schema: 42 })).toMatchObject({ format: 'odcs', checkable: false, key: 'kind' });
    expect(recognize({ kind: 'dataproduct' }).problem).toMatch(/exactly "DataProduct"/);
    expect(recognize({ kind: 'Deployment' })).toMatchObject({ format: 'unknown', checkable: false });
    expect(recognize({ kind: true, apiVersion: 'v3.1.0' })).toMatchObject({
      checkable: false,
      key: 'kind',
      problem: expect.stringMatching(/^kind is true, not a text/),
    });
  });

  it('names Data Contract Specification and DPDS files and points at dp convert', () => {
    const dcs = recognize({ dataContractSpecification: '1.2.0', id: 'x', info: {} });
    expect(dcs).toMatchObject({ format: 'dcs', version: '1.2.0', checkable: false });
    expect(dcs.problem).toBe('Data Contract Specification 1.2.0, not ODCS: convert it with `dp convert` to ODCS v3.1.0');
    expect(recognize({ dataProductDescriptor: '1.0.0', info: {} })).toMatchObject({ format: 'dpds', version: '1.0.0', checkable: false });
  });

  it('never lets an unrelated document through, and uses the file name only as a hint', () => {
    expect(recognize({ name: 'x' })).toMatchObject({ format: 'unknown', checkable: false });
    expect(recognize({ name: 'x' }, 'orders.odcs.yaml').problem).toMatch(/named like an ODCS contract.*kind: DataContract/);
    expect(recognize(['a'])).toMatchObject({ format: 'unknown', checkable: false });
    expect(recognize(null).checkable).toBe(false);
  });

  it('recognises every file of the real-world sample as its manifest classes it', () => {
    let manifest: string;
    try {
      manifest = readFileSync(new URL('../../../shared/realworld/manifest.tsv', import.meta.url), 'utf8');
    } catch {
      throw new Error('../shared/realworld/ is missing: it holds the real-world sample this test reads in place');
    }
    const rows = manifest
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'));
    for (const [file, klass, apiVersion] of rows) {
      if (klass === 'yaml-disputed') continue;
      const text = readFileSync(new URL(`../../../shared/realworld/${file}`, import.meta.url), 'utf8');
      const seen = recognize(parse(text, { uniqueKeys: false }), file);
      if (klass === 'dcs') expect(seen.format, file).toBe('dcs');
      else expect(seen, file).toMatchObject({ format: 'odcs', version: apiVersion, checkable: true });
    }
  });
});

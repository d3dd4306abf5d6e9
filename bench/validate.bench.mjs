// dp validate: start-up against `node -e 0`, and a 2,000-product mesh against
// ajv-cli doing schema-only validation of the same 6,000 files.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMesh } from './mesh.mjs';
import { DP, NODE, ROOT, race, report, scratch, section } from './lib.mjs';

const CONFORMANCE = fileURLToPath(new URL('../../shared/conformance/', import.meta.url));
const AJV = join(ROOT, 'node_modules', 'ajv-cli', 'dist', 'index.js');
const MESH_SIZE = Number(process.env.DP_BENCH_MESH ?? 2000);

/** An organisation policy with 20 declarative rules of the kinds organisations write, over every selector dp has. */
export function twentyRules() {
  const rule = (id, select, schema) =>
    `  - id: acme/${id}\n    select: ${select}\n    schema: ${JSON.stringify(schema)}\n    message: ${id} ({error})\n    severity: warning\n`;
  const rules = [
    rule('field-description', 'schema-properties', { required: ['description'], properties: { description: { type: 'string', minLength: 5 } } }),
    rule('field-type', 'schema-properties', { required: ['logicalType'] }),
    rule('field-name', 'schema-properties', { properties: { name: { pattern: '^[a-z][a-z0-9_]*$' } } }),
    rule('field-classified-personal', 'schema-properties', {
      if: { properties: { name: { pattern: 'email|phone' } } },
      then: { required: ['classification'] },
    }),
    rule('field-physical-type', 'schema-properties', { required: ['physicalType'] }),
    rule('object-physical-name', 'schema-objects', { required: ['physicalName'] }),
    rule('object-description', 'schema-objects', { required: ['description'] }),
    rule('object-quality', 'schema-objects', { required: ['quality'] }),
    rule('quality-dimension', 'quality-rules', { required: ['dimension'] }),
    rule('server-environment', 'servers', { required: ['environment'] }),
    rule('server-type', 'servers', { properties: { type: { enum: ['snowflake', 'bigquery', 's3', 'postgres', 'kafka', 'databricks'] } } }),
    rule('role-access', 'roles', { required: ['access'], properties: { access: { enum: ['read', 'write'] } } }),
    rule('sla-unit', 'sla-properties', { if: { properties: { property: { enum: ['retention', 'latency', 'frequency'] } } }, then: { required: ['unit'] } }),
    rule('contract-status', 'contract', { properties: { status: { enum: ['draft', 'active', 'deprecated', 'retired'] } } }),
    rule('contract-domain', 'contract', { required: ['domain'] }),
    rule('output-port-contract', 'output-ports', { required: ['contractId'] }),
    rule('output-port-type', 'output-ports', { properties: { type: { enum: ['tables', 'files', 'topic', 'api'] } } }),
    rule('no-raw-ports', 'output-ports', { properties: { name: { not: { pattern: '^(raw|landing)' } } } }),
    rule('input-port-version', 'input-ports', { required: ['version'] }),
    rule('management-port-url', 'management-ports', { if: { properties: { content: { const: 'discoverability' } } }, then: { required: ['url'] } }),
  ];
  return `extends: recommended\ncustomRules:\n${rules.join('')}`;
}

function ajvArgs(schema, glob) {
  return [AJV, 'validate', '--spec=draft2019', '--strict=false', '-c', 'ajv-formats', '-s', schema, '-d', glob, '--errors=no'];
}

export async function run() {
  const { dir, cleanup } = scratch('validate');
  try {
    generateMesh(join(dir, 'mesh'), MESH_SIZE);
    const one = join(dir, 'mesh', 'product-1');

    section('dp start-up (median of 15 interleaved runs)');
    const startup = race(
      {
        node: [NODE, ['-e', '0']],
        version: [NODE, [DP, '--version'], { expectCode: 0 }],
        validateOne: [NODE, [DP, 'validate', one], { expectCode: 0 }],
      },
      15,
    );
    report('dp --version vs node -e 0', startup.version, startup.node, 1.5);
    report('dp validate (1 product, 3 files) vs node -e 0', startup.validateOne, startup.node, 2.5);

    section(`dp validate of a ${MESH_SIZE}-product mesh (${MESH_SIZE * 3} files; median of 3 interleaved runs)`);
    const descriptors = join(dir, 'mesh', '*', 'dataproduct.odps.yaml');
    const contracts = join(dir, 'mesh', '*', 'contracts', '*.odcs.yaml');
    const mesh = race(
      {
        dp: [NODE, [DP, 'validate', join(dir, 'mesh')], { expectCode: 0 }],
        dpOneThread: [NODE, [DP, 'validate', join(dir, 'mesh'), '--jobs', '1'], { expectCode: 0 }],
        ajvDescriptors: [NODE, ajvArgs(join(CONFORMANCE, 'odps', 'odps-json-schema-v1.0.0.json'), descriptors), { expectCode: 0 }],
        ajvContracts: [NODE, ajvArgs(join(CONFORMANCE, 'odcs', 'odcs-json-schema-v3.1.0.json'), contracts), { expectCode: 0 }],
      },
      3,
    );
    const ajv = mesh.ajvDescriptors + mesh.ajvContracts;
    report('dp validate (schemas, positions, rules, policies) vs ajv-cli', mesh.dp, ajv, 1.0);
    report('dp validate --jobs 1 vs ajv-cli', mesh.dpOneThread, ajv);
    // The automatic choice starts threads only for idle cores and large work (src/util/threads.ts):
    // it must never be slower than one thread; 5% is the noise of these interleaved medians.
    report('dp validate (automatic threads) vs --jobs 1', mesh.dp, mesh.dpOneThread, 1.05);

    section(`the organisation's own rules: a policy of 20 declarative rules on the same mesh (median of 5 interleaved runs)`);
    writeFileSync(join(dir, 'twenty.yaml'), twentyRules());
    writeFileSync(join(dir, 'plain.yaml'), 'extends: recommended\n');
    // The compiled rules are cached in the bench's own directory (filled by the first, unmeasured round);
    // `twentyCold` turns the cache off: what a CI job without a kept cache pays.
    const cache = { env: { DP_CACHE_DIR: join(dir, 'cache') } };
    const custom = race(
      {
        twentyCold: [
          NODE,
          [DP, 'validate', join(dir, 'mesh'), '--policies', join(dir, 'twenty.yaml'), '--jobs', '1'],
          { expectCode: 0, env: { DP_CACHE_DIR: 'off' } },
        ],
        dp: [NODE, [DP, 'validate', join(dir, 'mesh')], { expectCode: 0 }],
        plainOneThread: [NODE, [DP, 'validate', join(dir, 'mesh'), '--policies', join(dir, 'plain.yaml'), '--jobs', '1'], { expectCode: 0 }],
        twenty: [NODE, [DP, 'validate', join(dir, 'mesh'), '--policies', join(dir, 'twenty.yaml')], { expectCode: 0, ...cache }],
        twentyOneThread: [NODE, [DP, 'validate', join(dir, 'mesh'), '--policies', join(dir, 'twenty.yaml'), '--jobs', '1'], { expectCode: 0, ...cache }],
        oneThread: [NODE, [DP, 'validate', join(dir, 'mesh'), '--jobs', '1'], { expectCode: 0 }],
      },
      5,
    );
    // One thread is the steady comparison: the automatic choice of threads depends on how idle the machine is.
    report('dp validate --jobs 1 with 20 declarative rules vs without a policy', custom.twentyOneThread, custom.oneThread, 1.15);
    report('dp validate --jobs 1 with 20 declarative rules vs the same policy without them', custom.twentyOneThread, custom.plainOneThread);
    report('dp validate (automatic threads) with 20 declarative rules vs without', custom.twenty, custom.dp, 1.15);
    report('dp validate --jobs 1 with 20 declarative rules, no cache of compiled rules, vs without a policy', custom.twentyCold, custom.oneThread);
    return { startup, mesh, custom };
  } finally {
    cleanup();
  }
}

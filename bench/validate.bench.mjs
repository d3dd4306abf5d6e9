// dp validate: start-up against `node -e 0`, and a 2,000-product mesh against
// ajv-cli doing schema-only validation of the same 6,000 files.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMesh } from './mesh.mjs';
import { DP, NODE, ROOT, race, report, scratch, section } from './lib.mjs';

const CONFORMANCE = fileURLToPath(new URL('../../shared/conformance/', import.meta.url));
const AJV = join(ROOT, 'node_modules', 'ajv-cli', 'dist', 'index.js');
const MESH_SIZE = Number(process.env.DP_BENCH_MESH ?? 2000);

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
    return { startup, mesh };
  } finally {
    cleanup();
  }
}

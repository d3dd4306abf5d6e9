#!/usr/bin/env node
// Measures `dp validate` on files from elsewhere (not a test, not a benchmark):
//   node scripts/measure-validate.mjs [--samples N] [--json] <file or directory>...
// (after `npm run build`). With no argument it reads ../shared/realworld/.
// For each YAML or JSON file: what it is (dp's recognition), what the official
// JSON Schema of its declared version says (Ajv2019 + ajv-formats, the way the
// standards' authors check their examples), and what dp reports under the
// presets `none`, `minimal` and `recommended`. Prints the figures docs/validate.md
// quotes: schema disagreements both ways, errors under `minimal` on officially
// valid files, files that are not ODCS/ODPS but pass, and findings per rule
// under `recommended` with samples to judge.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = join(root, '..', 'shared');
const { validatePaths } = await import(join(root, 'build/tsc/validate/run.js'));
const { recognize } = await import(join(root, 'build/tsc/descriptor/recognize.js'));
const { parseAllDocuments } = await import('yaml');
const { default: Ajv2019 } = await import('ajv/dist/2019.js');
const { default: addFormats } = await import('ajv-formats');

const args = process.argv.slice(2);
const json = args.includes('--json');
const samplesAt = args.indexOf('--samples');
const SAMPLES = samplesAt >= 0 ? Number(args[samplesAt + 1]) : 3;
const paths = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--samples');
if (paths.length === 0) paths.push(join(shared, 'realworld'));

const OFFICIAL = {
  'odcs v3.0.0': 'conformance/odcs/odcs-json-schema-v3.0.0.json',
  'odcs v3.0.1': 'conformance/odcs/odcs-json-schema-v3.0.1.json',
  'odcs v3.0.2': 'conformance/odcs/odcs-json-schema-v3.0.2.json',
  'odcs v3.1.0': 'conformance/odcs/odcs-json-schema-v3.1.0.json',
  'odps v1.0.0': 'conformance/odps/odps-json-schema-v1.0.0.json',
  // The official v1.0.0 schema also accepts v0.9.0 (the official examples declare it).
  'odps v0.9.0': 'conformance/odps/odps-json-schema-v1.0.0.json',
};
const validators = new Map();
function official(key) {
  if (!OFFICIAL[key]) return undefined;
  if (!validators.has(key)) {
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    validators.set(key, ajv.compile(JSON.parse(readFileSync(join(shared, OFFICIAL[key]), 'utf8'))));
  }
  return validators.get(key);
}

function filesUnder(path, out = []) {
  const stats = statSync(path);
  if (stats.isFile()) {
    if (/\.(ya?ml|json)$/i.test(path)) out.push(path);
    return out;
  }
  for (const name of readdirSync(path).sort()) if (!name.startsWith('.')) filesUnder(join(path, name), out);
  return out;
}

/** What the file is and what its official schema says, read with the yaml library (strict YAML 1.2). */
function officialView(path) {
  const text = readFileSync(path, 'utf8');
  const docs = parseAllDocuments(text, { uniqueKeys: false });
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0].errors.length > 0) return { what: 'not one YAML document', official: undefined };
  const value = docs[0].toJS({ maxAliasCount: 100 });
  const r = recognize(value, path);
  const key = `${r.format} ${r.version ?? ''}`.trim();
  const validate = r.format === 'odcs' || r.format === 'odps' ? official(key) : undefined;
  return { what: r.label, key, format: r.format, official: validate ? validate(value) : undefined };
}

const scratch = mkdtempSync(join(tmpdir(), 'dp-measure-'));
const policies = {};
for (const preset of ['none', 'minimal', 'recommended']) {
  policies[preset] = join(scratch, `${preset}.yaml`);
  writeFileSync(policies[preset], `extends: ${preset}\n`);
}

async function dpView(path) {
  const out = {};
  for (const preset of Object.keys(policies)) {
    const run = await validatePaths({ cwd: dirname(path), paths: [path], policiesPath: policies[preset], jobs: 1 });
    out[preset] = run.findings;
  }
  return out;
}

const rows = [];
for (const path of paths.flatMap((p) => filesUnder(resolve(p)))) {
  const view = officialView(path);
  const findings = await dpView(path);
  rows.push({ file: relative(process.cwd(), path), ...view, findings });
}
rmSync(scratch, { recursive: true, force: true });

const errors = (fs) => fs.filter((f) => f.severity === 'error');
const standard = rows.filter((r) => r.official !== undefined);
const disagreeAccept = standard.filter((r) => r.official && errors(r.findings.none).length > 0);
const disagreeRefuse = standard.filter((r) => !r.official && errors(r.findings.none).length === 0);
const minimalOnValid = standard.filter((r) => r.official && errors(r.findings.minimal).length > 0);
const otherClean = rows.filter((r) => r.official === undefined && errors(r.findings.recommended).length === 0);

const byRule = new Map();
for (const r of standard) {
  for (const f of r.findings.recommended) {
    const entry = byRule.get(f.ruleId) ?? { ruleId: f.ruleId, severity: new Set(), files: new Set(), count: 0, samples: [] };
    entry.count += 1;
    entry.files.add(r.file);
    entry.severity.add(f.severity);
    if (entry.samples.length < SAMPLES && !entry.samples.some((s) => s.file === f.file)) entry.samples.push({ file: f.file, line: f.line, message: f.message });
    byRule.set(f.ruleId, entry);
  }
}

const kinds = new Map();
for (const r of rows) kinds.set(r.what, (kinds.get(r.what) ?? 0) + 1);
const summary = {
  files: rows.length,
  kinds: Object.fromEntries([...kinds].sort()),
  standardFiles: standard.length,
  officiallyValid: standard.filter((r) => r.official).length,
  schemaDisagreements: { dpRefusesOfficiallyValid: disagreeAccept.length, dpAcceptsOfficiallyInvalid: disagreeRefuse.length },
  minimalErrorsOnOfficiallyValid: minimalOnValid.length,
  notOdcsOdpsReportedClean: otherClean.length,
  recommended: {
    cleanFiles: standard.filter((r) => r.findings.recommended.length === 0).length,
    filesWithoutErrors: standard.filter((r) => errors(r.findings.recommended).length === 0).length,
  },
};

if (json) {
  console.log(JSON.stringify({ summary, rows }, null, 2));
} else {
  console.log(JSON.stringify(summary, null, 2));
  const list = (title, items, show) => {
    if (items.length === 0) return;
    console.log(`\n${title}:`);
    for (const r of items) console.log(`  ${r.file} (${r.what})${show ? `\n    ${show(r)}` : ''}`);
  };
  const first = (fs) =>
    errors(fs)
      .slice(0, 3)
      .map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.message}`)
      .join('\n    ');
  list('dp refuses, official schema accepts', disagreeAccept, (r) => first(r.findings.none));
  list('dp accepts, official schema refuses', disagreeRefuse);
  list('errors under minimal on officially valid files', minimalOnValid, (r) => first(r.findings.minimal));
  list('not ODCS/ODPS, yet no error under recommended', otherClean);
  console.log('\nfindings under recommended on ODCS/ODPS files, by rule:');
  for (const e of [...byRule.values()].sort((a, b) => b.count - a.count)) {
    console.log(`  ${e.ruleId.padEnd(30)} ${String(e.count).padStart(4)} in ${String(e.files.size).padStart(3)} files (${[...e.severity].join('/')})`);
    for (const s of e.samples) console.log(`      ${s.file}:${s.line} ${s.message}`);
  }
}

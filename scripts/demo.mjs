#!/usr/bin/env node
// npm run demo: the main job of dp, end to end, with the built bin/dp.js.
//  1. `dp init` builds a small streaming mesh: player (source-aligned play
//     events), listener (aggregate sessions consuming the player's events),
//     playlist (consumer-aligned recommendation features consuming sessions);
//  2. `dp validate` checks it; `dp publish` registers it in an embedded SQLite
//     catalog in a temporary directory; `dp catalog graph` draws the mesh;
//  3. a breaking change to the player product (a field removed, retention
//     shortened) is refused by `dp publish`, naming listener-sessions as the
//     affected consumer; `dp diff` shows the same changes;
//  4. the new major version waits until the team filled in the placeholders
//     dp recorded, and `dp sync` brings the derived files in line;
//  5. the observation port, real: the listener team tests its sample data and
//     publishes the evidence (`dp test --publish`), then a defect in the data
//     (duplicated and stale rows) fails the test with samples and the contract
//     line, and the product's page in the web catalog shows the failing
//     evidence and the downstream product it lets down;
//  6. the control story (its own section, controlStory): a consumer team
//     requests access to an output port, the owner approves, `dp access apply`
//     reports what it would run on the embedded engine; an erasure request
//     reaches the two products holding the customer, both erase from their
//     sample data and confirm.
// Every step's exit code is checked: the demo fails loudly if dp misbehaves.
// Keep the files with DP_DEMO_KEEP=1.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

const DP = fileURLToPath(new URL('../bin/dp.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'dp-demo-'));
const mesh = join(root, 'mesh');
const catalog = join(root, 'catalog.db');
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (s) => (color ? `\x1b[1m${s}\x1b[22m` : s);
const env = { ...process.env, DP_CATALOG: catalog, DP_PUBLISHER: 'demo@example.com', CI: 'true', ...(color ? { FORCE_COLOR: '1' } : {}) };

function step(title) {
  console.log(`\n${bold(`== ${title}`)}`);
}

/** Runs dp, shows the command and its output, and checks the exit code (and optionally the output). */
function dp(args, { cwd = root, expect = 0, mustContain = [] } = {}) {
  console.log(bold(`$ dp ${args.join(' ')}`));
  const r = spawnSync(process.execPath, [DP, ...args], { cwd, env, encoding: 'utf8' });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  if (r.status !== expect) fail(`dp ${args.join(' ')} exited ${r.status}, expected ${expect}`);
  for (const text of mustContain) if (!`${r.stdout}${r.stderr}`.includes(text)) fail(`dp ${args.join(' ')} did not say "${text}"`);
  return r;
}

/** Runs dp without showing it, for an id the next steps need; its JSON document. */
function quietJson(args) {
  const r = spawnSync(process.execPath, [DP, ...args], { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) fail(`dp ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function fail(message) {
  console.error(`\ndemo FAILED: ${message}\n(files kept in ${root})`);
  process.exit(1);
}

/** Edits a YAML file as a document, keeping its comments and layout. */
function editYaml(path, edit) {
  const doc = parseDocument(readFileSync(path, 'utf8'));
  edit(doc);
  writeFileSync(path, doc.toString());
}

/**
 * What a team does before its first release: fills in every placeholder dp recorded in .dp/generated.yaml
 * (TODO values, example URLs, the stubs of its code). The demo's "implementation" is a line that passes.
 */
function fillPlaceholders(product) {
  const record = parseDocument(readFileSync(join(product, '.dp', 'generated.yaml'), 'utf8')).toJS();
  for (const p of record.placeholders ?? []) {
    const file = join(product, p.file);
    if (p.at) {
      const path = p.at
        .split('/')
        .slice(1)
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      const real = p.what === 'example-url' ? p.value.replace(/example\.(com|org|net)/, 'acme.internal') : `${path.at(-1)}.acme.internal`;
      editYaml(file, (doc) => doc.setIn(path, real));
    } else if (p.line) {
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, text.replace(p.line, "pass  # the team's implementation"));
    }
  }
  return record.placeholders?.length ?? 0;
}

/** `dp catalog serve` on a free port: its URL and a way to stop it. */
function serve() {
  const child = spawn(process.execPath, [DP, 'catalog', 'serve', '--port', '0', '--quiet'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (child.kill(), reject(new Error(`the catalog server did not start:\n${err}`))), 30_000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      err += chunk;
      const match = err.match(/listening on (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], stop: () => child.kill() });
      }
    });
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`the catalog server exited (${code}):\n${err}`))));
  });
}

/** The text of an HTML page's evidence, without tags, for the terminal. */
function evidenceText(page) {
  const start = page.indexOf('<section class="evidence"');
  const section = page.slice(start, page.indexOf('</section>', start));
  return section
    .replace(/<title[^>]*>[^<]*<\/title>|<desc[^>]*>[^<]*<\/desc>/g, '')
    .replace(/<tr[^>]*>/g, '\n')
    .replace(/<(li|p|figcaption|summary)[^>]*>/g, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#96;/g, '`')
    .replace(/[ \t]+/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && (!l.includes('✔ passed') || l.includes('promised')))
    .map((l) => `  ${l}`)
    .join('\n');
}

const owner = (domain) => `owner@${domain}.example.com`;
const init = (name, domain, archetype, output, input) => [
  'init',
  join('mesh', domain, name),
  '--name',
  name,
  '--domain',
  domain,
  '--owner',
  owner(domain),
  '--archetype',
  archetype,
  '--output',
  output,
  '--input',
  input,
  '--yes',
];

// ---------------------------------------------------------------------------------------------
// The control story: access on request, and an erasure request carried out across the mesh.
// Each product gets a local development server over CSV sample data written here.

const CUSTOMERS = ['ana@example.com', 'li@example.com', 'sam@example.com'];

/** A sample value for a property of a contract, by its type (a customer for e-mail fields). */
function sampleValue(property, row) {
  const name = property.get('name');
  if (/email/.test(name)) return CUSTOMERS[row % CUSTOMERS.length];
  const values = property.getIn(['quality', 0, 'arguments', 'validValues']);
  if (values) return values.items[row % values.items.length].value;
  switch (property.get('logicalType')) {
    case 'integer':
    case 'number':
      return String(row + 1);
    case 'date':
      return new Date(Date.now() - row * 86_400_000).toISOString().slice(0, 10);
    case 'timestamp':
      return new Date(Date.now() - row * 3_600_000).toISOString();
    default:
      return `${name}-${row + 1}`;
  }
}

/**
 * Rewrites the sample rows of a port (its contract's `local` development server, data/sample/<port>.csv,
 * which dp init wrote) with customers in them, after adding properties to the contract if asked.
 */
function withCustomers(product, port, extraProperties = []) {
  const path = join(product, 'contracts', `${port}.odcs.yaml`);
  if (extraProperties.length > 0) {
    editYaml(path, (doc) => {
      const properties = doc.getIn(['schema', 0, 'properties']);
      for (const p of extraProperties) properties.add(doc.createNode(p));
    });
  }
  const properties = parseDocument(readFileSync(path, 'utf8')).getIn(['schema', 0, 'properties']).items;
  const lines = [properties.map((p) => p.get('name')).join(',')];
  for (let row = 0; row < 6; row += 1) lines.push(properties.map((p) => sampleValue(p, row)).join(','));
  mkdirSync(join(product, 'data', 'sample'), { recursive: true });
  writeFileSync(join(product, 'data', 'sample', `${port}.csv`), `${lines.join('\n')}\n`);
}

function bump(product, version) {
  editYaml(join(product, 'dataproduct.odps.yaml'), (doc) => doc.set('version', version));
}

function controlStory() {
  const player = join(mesh, 'player', 'play-events');
  const listener = join(mesh, 'listener', 'listener-sessions');

  step("11. Customers in both teams' sample data (their local development servers); listener-sessions carries the customer e-mail too");
  withCustomers(player, 'events');
  withCustomers(listener, 'sessions', [
    {
      name: 'customer_email',
      logicalType: 'string',
      physicalType: 'STRING',
      description: 'E-mail address of the customer, as play-events has it.',
      classification: 'restricted',
      customProperties: [
        { property: 'dataSubject', value: 'customer', description: 'Identifies a customer: erasure requests for one delete the rows holding it.' },
      ],
    },
  ]);
  bump(listener, '0.2.0');
  dp(['publish', 'mesh'], { mustContain: ['published play-events@1.0.0', 'published listener-sessions@0.2.0'] });

  step('12. A consumer team requests access to an output port; the owning team approves');
  dp(
    [
      'access',
      'request',
      'listener-sessions:sessions',
      '--role',
      'listener-sessions-sessions-reader',
      '--purpose',
      'weekly listening report',
      '--until',
      '2099-12-31',
      '--team',
      'bi-dashboards',
    ],
    { mustContain: ['pending'] },
  );
  const access = quietJson(['access', 'list', '--team', 'bi-dashboards', '--json']).items[0].id;
  dp(['access', 'list', '--owner', 'listener-team', '--state', 'pending'], { mustContain: [access, 'bi-dashboards'] });
  dp(['access', 'approve', access, '--reason', 'fits the report', '--team', 'listener-team'], { mustContain: ['approved'] });
  dp(['access', 'apply', '--server', 'local', '--yes'], {
    cwd: listener,
    mustContain: ['GRANT "listener-sessions-sessions-reader" TO "bi-dashboards"', 'has no roles'],
  });

  step('13. The privacy office files an erasure request: it reaches every product holding that customer');
  dp(['erase', 'request', '--subject', `customer=${CUSTOMERS[0]}`, '--reason', 'GDPR art. 17 request #8812'], { mustContain: ['2 pending'] });
  const erasure = quietJson(['erase', 'status', '--json']).items[0];
  const reached = erasure.tasks
    .map((t) => t.productId)
    .sort()
    .join(', ');
  if (reached !== 'listener-sessions, play-events') fail(`the erasure request reached ${reached}, expected listener-sessions and play-events`);

  step('14. Each product takes its task from its control port, erases from its data, and confirms with the row counts');
  for (const product of [player, listener]) {
    dp(['erase', 'pending'], { cwd: product, mustContain: [erasure.id] });
    dp(['erase', 'apply', '--server', 'local', '--yes'], { cwd: product, mustContain: ['2 rows erased'] });
  }
  dp(['erase', 'status', erasure.id], { mustContain: ['2 done, 0 pending, 0 overdue', 'identifier forgotten'] });
  for (const product of [player, listener]) {
    const data = readdirSync(join(product, 'data', 'sample'))
      .map((f) => readFileSync(join(product, 'data', 'sample', f), 'utf8'))
      .join('');
    if (data.includes(CUSTOMERS[0])) fail(`${product} still holds the erased customer`);
  }
}

try {
  step('1. Three teams create their data products with dp init');
  dp(init('play-events', 'player', 'source-aligned', 'events:stream', 'player-db:cdc'));
  dp(init('listener-sessions', 'listener', 'aggregate', 'sessions:table', 'plays:product:play-events.events'));
  dp(init('playlist-features', 'playlist', 'consumer-aligned', 'features:table', 'sessions:product:listener-sessions.sessions'));

  step('2. CI validates the mesh against the standards and the organisation policies');
  dp(['validate', 'mesh']);

  step(`3. Publish the whole mesh to an embedded catalog (${catalog})`);
  dp(['publish', 'mesh'], { mustContain: ['3 published'] });
  dp(['catalog', 'list']);

  step('4. The mesh as a graph (Mermaid; --format dot for Graphviz)');
  dp(['catalog', 'graph'], { mustContain: ['-- "events" -->', '-- "sessions" -->'] });
  dp(['catalog', 'consumers', 'play-events']);

  step('5. The player team makes a breaking change: drops a field and shortens retention');
  const player = join(mesh, 'player', 'play-events');
  editYaml(join(player, 'dataproduct.odps.yaml'), (doc) => doc.set('version', '0.2.0'));
  editYaml(join(player, 'contracts', 'events.odcs.yaml'), (doc) => {
    const fields = doc.getIn(['schema', 0, 'properties']);
    const index = fields.items.findIndex((f) => f.get('name') === 'entity_id');
    if (index < 0) fail('the generated play-events contract has no entity_id field any more; update the demo');
    fields.delete(index);
    const sla = doc.get('slaProperties');
    const retention = sla?.items.find((p) => p.get('property') === 'retention');
    if (retention) {
      retention.set('value', 7);
      retention.set('unit', 'd');
    }
  });
  dp(['diff', 'play-events@0.1.0', join('mesh', 'player', 'play-events')], { expect: 1, mustContain: ['field-removed'] });

  step('6. dp publish refuses it and names the downstream product that would break');
  dp(['publish', 'mesh'], { expect: 1, mustContain: ['refused play-events@0.2.0', 'listener-sessions (input port plays)', 'need a new major version'] });

  step('7. A new major version is what consumers are promised for breaking changes');
  editYaml(join(player, 'dataproduct.odps.yaml'), (doc) => doc.set('version', '1.0.0'));
  // A release is no longer a draft: what dp left for the team to fill in must be filled in first.
  dp(['publish', join('mesh', 'player'), '--dry-run'], { expect: 1, mustContain: ['placeholders', 'is still `TODO`'] });
  console.log(`(the player team fills in the ${fillPlaceholders(player)} placeholders dp recorded: connection values, URLs, its producer)`);
  // The contract and descriptor changed: the files derived from them (control policies, SLOs, READMEs) follow.
  dp(['sync', join('mesh', 'player', 'play-events')]);
  dp(['publish', join('mesh', 'player'), '--dry-run'], { mustContain: ['would publish play-events@1.0.0'] });

  step('8. The observation port: the listener team tests its sample data and publishes the evidence');
  const listener = join('mesh', 'listener', 'listener-sessions');
  dp(['test', listener, '--publish'], { mustContain: ['recorded 1 test run', 'listener-sessions@0.1.0:sessions on local'] });
  dp(['catalog', 'show', 'listener-sessions'], { mustContain: ['evidence: passing on local'] });

  step('9. A defect in the data: a session duplicated, and rows older than the retention');
  const sample = join(root, listener, 'data', 'sample', 'sessions.csv');
  const [, first] = readFileSync(sample, 'utf8').split('\n');
  appendFileSync(sample, `${first}\n${first}\nrow_id-stale,2020-01-01,segment-1,3,3,2020-01-01T00:00:00Z\n`);
  console.log(`(appended to ${sample}: the first row twice, and a row of 2020)`);
  dp(['test', listener, '--publish'], { expect: 1, mustContain: ['✖', 'row_id-1', 'retention', 'contracts/sessions.odcs.yaml:', 'recorded 1 test run'] });

  step('10. The web catalog shows the failing evidence, and the product downstream of it');
  const server = await serve();
  try {
    const url = `${server.url}/products/listener-sessions`;
    const page = await (await fetch(url)).text();
    console.log(bold(`$ curl ${url}`), '(the evidence of port sessions as text; passed checks left out)');
    console.log(evidenceText(page));
    for (const text of ['failing', 'Downstream consumers of this port', 'playlist-features', 'promised 365 d', 'Last 2 test runs of port sessions']) {
      if (!page.includes(text)) fail(`the product page does not show "${text}"`);
    }
    const home = await (await fetch(`${server.url}/?quality=failing`)).text();
    if (!home.includes('listener-sessions')) fail('the quality facet does not list listener-sessions as failing');
    console.log(`(the home page's quality facet lists it under failing: ${server.url}/?quality=failing)`);
  } finally {
    server.stop();
  }

  controlStory();

  console.log(
    `\n${bold('demo complete')}: mesh initialised, validated, published, drawn; the breaking change was refused with its consumers named; the release waited for its placeholders; the sample data was tested and published as evidence, and the defect shows as failing evidence on the product's page; access granted on request, an erasure request carried out by both products holding the customer.`,
  );
} finally {
  if (process.env.DP_DEMO_KEEP) console.log(`(files kept in ${root})`);
  else rmSync(root, { recursive: true, force: true });
}

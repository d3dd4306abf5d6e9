/**
 * The whole command table of dp. Each action lazy-imports its command module so
 * that, for example, `dp validate` never loads prompts, templates or databases.
 * This is the only file that decides exit codes and calls process.exit.
 *
 * `run` runs a command line in the process with a given `Context` (its working
 * directory, environment and output streams): `main` runs it with the process's
 * own, tests with theirs. `buildProgram` takes the runner of the actions, so a
 * test can check which options each command receives from an argv.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createContext, type Context, type GlobalOptions } from './context.js';
import { DpError, ExitError, formatLocation } from './errors.js';
import { terminalLines, terminalText } from './util/terminal.js';
import { dpVersion } from './version.js';

/** What every module under src/commands/ exports. */
export type CommandModule = {
  // Each command declares its own option and argument types; commander hands them over untyped.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  default: (ctx: Context, options: any, ...args: any[]) => Promise<number | void>;
};

type Loader = () => Promise<CommandModule>;

/** What an action does with the command line commander parsed: by default, load the command and run it. */
export interface Invocation {
  /** The command's names from the top: `['catalog', 'serve']`. */
  path: string[];
  load: Loader;
  options: Record<string, unknown>;
  positionals: unknown[];
  globals: GlobalOptions;
}
export type Runner = (invocation: Invocation) => Promise<number | void>;

const SEVERITIES = ['error', 'warning', 'info'];
const FORMATS = ['stylish', 'json', 'junit', 'sarif', 'github'];
const ARCHETYPES = ['source-aligned', 'aggregate', 'consumer-aligned'];
const TEST_FORMATS = ['stylish', 'json', 'junit', 'github'];

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** A repeatable option limited to some values (commander's choices() does not combine with collecting). */
function collectChoice(allowed: readonly string[]) {
  return (value: string, previous: string[] = []): string[] => {
    if (!allowed.includes(value)) throw new InvalidArgumentError(`Allowed choices are ${allowed.join(', ')}.`);
    return [...previous, value];
  };
}

function parseInteger(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    }
    return n;
  };
}

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

const catalogOption = () => new Option('--catalog <location>', 'catalog: SQLite file path, postgres:// URL or http(s):// server URL').env('DP_CATALOG');

function pathOf(command: Command): string[] {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names;
}

export function buildProgram(runner: Runner, output: { out: (text: string) => void; err: (text: string) => void } = OUTPUT): Command {
  const action =
    (load: Loader) =>
    async (...received: unknown[]): Promise<void> => {
      const command = received[received.length - 1] as Command;
      const invocation = {
        path: pathOf(command),
        load,
        options: command.opts(),
        positionals: received.slice(0, -2),
        globals: command.optsWithGlobals() as GlobalOptions,
      };
      await runner(invocation);
    };
  const version = dpVersion();
  const program = new Command('dp')
    .description('Scaffold, validate and publish data products (ODPS v1.0.0 descriptors, ODCS v3.1.0 contracts).')
    .version(version, '-v, --version', 'print the dp version')
    .option('--json', 'print one machine-readable JSON document on stdout')
    .option('--debug', 'show stack traces and internal details on errors')
    .option('--no-color', 'disable colours (NO_COLOR is honoured too)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: output.out, writeErr: output.err, outputError: (text, write) => write(text) })
    .addHelpText(
      'after',
      examples([
        'dp init --name play-events --domain player --owner ana@example.com --archetype source-aligned --yes',
        'dp validate products/',
        'dp publish products/play-events',
        'dp catalog graph --format mermaid',
      ]) + '\nExit codes: 0 success, 1 findings or refused, 2 usage/configuration/connection error, 130 interrupted.\n',
    );
  program
    .command('init')
    .description('generate a complete, valid data product from a template pack')
    .argument('[dir]', 'target directory (default: ./<name>)')
    .option('--name <slug>', 'product id and name (a lowercase slug)')
    .option('--title <text>', 'human-readable product name')
    .option('--domain <slug>', 'business domain that owns the product')
    .option('--owner <email>', 'product owner (username or e-mail)')
    .option('--team <slug>', 'owning team (default: <domain>-team)')
    .option('--description <text>', 'purpose of the product')
    .addOption(new Option('--archetype <kind>', 'kind of data product').choices(ARCHETYPES))
    .option('--output <name:kind>', 'output port; kind is table, files, stream or api (repeatable)', collect)
    .option(
      '--input <name:kind[:ref]>',
      'input port; kind is product (ref: upstream contract id[@version]), cdc (ref: schema.table), stream (ref: topic) or files (ref: location) (repeatable)',
      collect,
    )
    .option('--template <dir|id>', 'template pack: an id from --list-templates, or a directory holding dp-template.yaml')
    .option('--list-templates', 'list the available template packs')
    .option('--answers <file>', "answers file (YAML or JSON), or a product's .dp/answers.yaml to re-apply its template")
    .option('--set <key=value>', 'set one answer, for example warehouse=bigquery or retentionDays=90 (repeatable)', collect)
    .option('-y, --yes', 'accept the defaults of every question not answered (only questions without one are asked)')
    .option('--force', 'write into a non-empty directory (never deletes; reports every overwrite; keeps files you changed in .dp/backup/)')
    .addOption(new Option('--dry-run', 'print the plan (create, overwrite, skip) without writing anything').conflicts('git'))
    .option('--git', 'initialise a git repository with a first commit')
    .addHelpText(
      'after',
      examples([
        'dp init                                   # interactive on a terminal',
        'dp init --name play-events --domain player --owner ana@example.com --archetype source-aligned --output events:stream --input player-db:cdc --yes',
        'dp init --name sessions --domain listener --owner li@example.com --archetype aggregate --input plays:product:play-events.events@1.0.0 --output daily:table --set warehouse=bigquery --yes',
        'dp init --answers answers.yaml --dry-run --json',
        'dp init --template ./packs/ml-features --name churn --domain listener --owner li@example.com --yes',
        'dp init play-events --answers play-events/.dp/answers.yaml --force --dry-run   # what applying the template again would change',
        'dp init --list-templates',
      ]) + '\nAnswers without a flag are set with --set; see docs/init.md. Missing answers without a terminal: exit 2 listing the flags to give.\n',
    )
    .action(action(() => import('./commands/init.js')));

  program
    .command('update')
    .description("apply a newer version of the product's template pack, merged with your changes (three-way)")
    .argument('[dir]', 'the product directory (default: .)')
    .option('--check', 'only tell whether a newer version of the pack is available: JSON on stdout, exit 1 when there is one (for CI)')
    .addOption(new Option('--dry-run', 'show the plan and the diff of every file, write nothing').conflicts('check'))
    .option('--template <dir|id>', "the pack to update from, when it is not the product's recorded pack id (a local pack directory)")
    .option('--answers <file>', 'answers file (YAML or JSON) for questions the new version asks')
    .option('--set <key=value>', 'set or change one answer (repeatable)', collect)
    .option('-y, --yes', 'accept the defaults of questions the new version asks')
    .addHelpText(
      'after',
      examples([
        'dp update --check                          # in CI: exit 1 and JSON when the template has a newer version',
        'dp update --dry-run                        # the plan and the diff, nothing written',
        'dp update products/play-events --yes       # merge; conflicts are marked as git marks them (exit 1)',
        'dp update --template ./packs/ml-features   # a pack from a directory',
      ]) + '\nExit codes: 0 updated (or up to date), 1 conflicts to resolve (or, with --check, a newer version exists), 2 usage or configuration error.\n',
    )
    .action(action(() => import('./commands/update.js')));

  const add = program
    .command('add')
    .description("add a port to a product through its template pack (the port's files and its descriptor entry; nothing else is touched)");
  add
    .command('port')
    .description('add an output port: its contract, implementation stub, examples and descriptor entry')
    .argument('<name:kind>', 'port name and kind: table, files, stream or api')
    .argument('[dir]', 'the product directory (default: .)')
    .option('--dry-run', 'show the plan and the diff, write nothing')
    .option('--template <dir>', 'the pack directory, for a product generated from a local pack')
    .addHelpText(
      'after',
      examples(['dp add port archive:files', 'dp add port api:api products/play-events --dry-run']) +
        '\nThen run dp sync: the derived files (policies, SLOs, checks, discovery README) describe the new port after it.\n',
    )
    .action(action(() => import('./commands/add-port.js')));
  add
    .command('input')
    .description('add an input port: its binding, README and descriptor entry')
    .argument('<name:kind[:ref]>', 'port name, kind (product, cdc, stream, files) and what it reads (a contract id[@version], schema.table, topic or location)')
    .argument('[dir]', 'the product directory (default: .)')
    .option('--dry-run', 'show the plan and the diff, write nothing')
    .option('--template <dir>', 'the pack directory, for a product generated from a local pack')
    .addHelpText('after', examples(['dp add input plays:product:play-events.events@1.0.0', 'dp add input crm:cdc:public.customers products/churn']))
    .action(action(() => import('./commands/add-input.js')));

  program
    .command('sync')
    .description('regenerate the files under ports/ derived from the descriptor and contracts, keeping your edits to them')
    .argument('[dir]', 'the product directory (default: .)')
    .option('--dry-run', 'show the plan and the diff, write nothing')
    .option('--template <dir>', 'the pack directory, for a product generated from a local pack')
    .addHelpText(
      'after',
      examples(['dp sync', 'dp sync products/play-events --dry-run']) +
        '\nExit codes: 0 synced, 1 conflicts with your edits to a derived file (marked), 2 usage or configuration error.\n',
    )
    .action(action(() => import('./commands/sync.js')));

  program
    .command('validate')
    .description('check data product descriptors and contracts against the schemas, rules and organisation policies')
    .argument('[paths...]', 'product directories, monorepo roots, or single ODPS/ODCS files (default: .)')
    .addOption(new Option('-f, --format <name>', `output format (repeatable, paired with --output): ${FORMATS.join(', ')}`).argParser(collectChoice(FORMATS)))
    .option('-o, --output <file>', 'write the matching --format to this file instead of stdout (repeatable)', collect)
    .addOption(new Option('--fail-severity <level>', 'lowest severity that fails the run').choices(SEVERITIES).default('error'))
    .option('--policies <file>', 'organisation policy file (overrides the one named by dp.config.yaml)')
    .option('--config <file>', 'dp configuration file (default: dp.config.yaml searched upward)')
    .option('--jobs <n>', 'worker threads for large meshes (default: number of cores)', parseInteger('--jobs', 1, 64))
    .option('--follow-external-links', 'also read descriptors and contracts whose symbolic links lead outside the repository (refused by default)')
    .addOption(
      new Option(
        '--catalog <location>',
        'check input ports against this catalog (SQLite file, postgres:// or http(s):// URL; also DP_CATALOG or `catalog:` in dp.config.yaml)',
      ).env('DP_CATALOG'),
    )
    .addHelpText(
      'after',
      examples([
        'dp validate                                 # the product or monorepo in the current directory',
        'dp validate products/ --format sarif --output dp.sarif',
        'dp validate --format github --format junit --output - --output junit.xml',
        'dp validate contracts/events.odcs.yaml --fail-severity warning',
      ]),
    )
    .action(action(() => import('./commands/validate.js')));

  program
    .command('convert')
    .description('convert contracts and products from other formats and older versions to ODCS v3.1.0 and ODPS v1.0.0')
    .argument('[paths...]', 'files or directories to convert (default: .): Data Contract Specification, ODCS v2 and v3.0.x contracts, DPDS descriptors')
    .addOption(new Option('-o, --output <dir>', 'write the results into this directory (the tree below a directory argument is mirrored)').conflicts('inPlace'))
    .option('--in-place', 'replace each converted contract where it is, under the same name')
    .option('--force', 'overwrite output files that already exist')
    .option('--dry-run', 'print a unified diff of every file that would be written, and write nothing')
    .option('--strict', 'exit 1 when something could not be carried over as the target standard itself (kept as a custom property, or dropped)')
    .addOption(
      new Option('--unmapped <how>', 'what to do with content the target standard has no place for')
        .choices(['custom-properties', 'drop'])
        .default('custom-properties'),
    )
    .addHelpText(
      'after',
      examples([
        'dp convert datacontract.yaml                 # writes datacontract.odcs.yaml next to it',
        'dp convert contracts/ --dry-run              # the diff of every conversion, nothing written',
        'dp convert contracts/orders.odcs.yaml --in-place   # upgrade ODCS v3.0.x to v3.1.0 where it is',
        'dp convert legacy/ --output converted/ --json',
        'dp convert trip-execution/data-product-descriptor.json   # DPDS: dataproduct.odps.yaml and contracts/*.odcs.yaml',
      ]) +
        '\nExit codes: 0 converted, 1 a written file still fails its schema (or, with --strict, something was kept as a custom property or dropped), 2 bad input (nothing written).\n',
    )
    .action(action(() => import('./commands/convert.js')));

  program
    .command('test')
    .description("test each output port's contract against its data: schema, quality rules and SLAs, in one scan per table")
    .argument('[paths...]', 'product directories, monorepo roots, or single ODCS contracts (default: .)')
    .option('--server <name>', 'the contract server to test (default: the only one, else the one of environment dev)')
    .option('--port <name>', 'only this output port')
    .option('--checks <list>', 'only these kinds of checks, comma separated: schema, quality, sla')
    .option(
      '--since <time>',
      'only rows newer than this: a duration (24h, 7d), a timestamp, or `last` (the watermark of the last published run of the port and server), through the partition column or the latency element',
    )
    .addOption(
      new Option('-f, --format <name>', `output format (repeatable, paired with --output): ${TEST_FORMATS.join(', ')}`).argParser(collectChoice(TEST_FORMATS)),
    )
    .option('-o, --output <file>', 'write the matching --format to this file instead of stdout (repeatable)', collect)
    .option('--samples <n>', 'sample rows shown under a failed check', parseInteger('--samples', 0, 100), 5)
    .option('--show-restricted', 'show values of restricted, confidential and personal fields in samples (masked by default)')
    .option('--timeout <duration>', 'longest a query may run (90s, 15m...)', '10m')
    .option('--jobs <n>', 'tables tested at once', parseInteger('--jobs', 1, 64), 4)
    .option('--external-data', 'also read data files and databases outside the repository of the contract (refused by default)')
    .option('--explain', 'print the meaning dp gives each check where ODCS leaves it open, and exit')
    .option('--publish', 'record the run of each tested port in the catalog (the product version must be published)')
    .addOption(catalogOption())
    .option('--publisher <name>', 'who records the runs (default: $DP_PUBLISHER, git user or $USER)')
    .option('--policies <file>', 'organisation policy file (for the validation that runs first)')
    .option('--config <file>', 'dp configuration file')
    .addHelpText(
      'after',
      examples([
        'dp test                                     # the product in the current directory, on its only (or dev) server',
        'dp test products/ --server local --format junit --output dp-test.xml',
        'dp test contracts/events.odcs.yaml --checks quality,sla --since 24h',
        'DP_CATALOG_TOKEN=... dp test --server prod --since last --publish --catalog https://catalog.example.com',
        'PGUSER=reader PGPASSWORD=... dp test --server warehouse --format github',
        'dp test --explain',
      ]) + '\nExit codes: 0 every check of error severity passed, 1 one failed, 2 configuration, connection or usage error (or nothing testable).\n',
    )
    .action(action(() => import('./commands/test.js')));

  program
    .command('rules')
    .description("list every rule with its id, default severity and documentation, and the organisation's own rules")
    .option('--policies <file>', 'organisation policy file whose own rules to list too (default: the one dp.config.yaml names)')
    .option('--config <file>', 'dp configuration file (default: dp.config.yaml searched upward)')
    .action(action(() => import('./commands/rules.js')));

  program
    .command('publish')
    .description('validate a product and register its version in the catalog')
    .argument('[dirs...]', 'product directories or monorepo roots (default: .)')
    .addOption(catalogOption())
    .option('--dry-run', 'show what would be published and the changes, write nothing')
    .option('--policies <file>', 'organisation policy file')
    .option('--config <file>', 'dp configuration file')
    .option('--publisher <name>', 'who publishes (default: $DP_PUBLISHER, git user or $USER)')
    .option('--follow-external-links', 'also read descriptors and contracts whose symbolic links lead outside the repository (refused by default)')
    .option('--transfer-ownership', "allow new versions to change a product's owning team (team.name); through a server, needs an admin token")
    .addHelpText(
      'after',
      examples([
        'dp publish                                 # the product in the current directory',
        'dp publish products/ --catalog postgres://dp@localhost/catalog',
        'DP_CATALOG_TOKEN=... dp publish --catalog https://catalog.example.com',
        'dp publish --dry-run --json',
        'dp publish products/play-events --transfer-ownership   # team.name changed: move the product to its new team',
      ]),
    )
    .action(action(() => import('./commands/publish.js')));

  program
    .command('diff')
    .description('classified changes between two product versions (directories or catalog refs id@version)')
    .argument('<a>', 'old version: a product directory or <id>@<version>')
    .argument('<b>', 'new version: a product directory or <id>@<version>')
    .addOption(catalogOption())
    .addHelpText(
      'after',
      examples(['dp diff play-events@1.2.0 ./play-events', 'dp diff old/ new/ --json', 'dp diff play-events@1.0.0 play-events@2.0.0']) +
        '\nExit codes: 0 no breaking change, 1 breaking changes, 2 usage or catalog error.\n',
    )
    .action(action(() => import('./commands/diff.js')));

  addCatalogCommands(program, action);
  addControlCommands(program, action);
  return program;
}

/** Options every control command takes: where the catalog is, the policy, and (for a local writer) the team it acts for. */
function controlCommand(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .addOption(catalogOption())
    .option('--team <team>', 'the team you act for, with a local catalog (a server knows it from the token)')
    .option('--policies <file>', 'organisation policy file (its `control` section)')
    .option('--config <file>', 'dp configuration file');
}

/** The options of the commands that change an engine: which server, which product, dry run and confirmation. */
function engineOptions(command: Command, firstRunDry: boolean): Command {
  command
    .requiredOption('--server <name>', "the contracts' server to act on (a name under `servers:`)")
    .option('--dir <path>', 'the product directory (default: the current one)')
    .option(
      '--dry-run',
      firstRunDry ? 'show what would run, change nothing (the default on the first run on a server)' : 'show what would run, change nothing',
    );
  if (firstRunDry) command.option('--no-dry-run', 'run, also on the first run on a server');
  return command
    .option('-y, --yes', 'do not ask for confirmation (needed without a terminal)')
    .option('--timeout <duration>', 'longest a statement may run (90s, 15m...)', '10m');
}

function addControlCommands(program: Command, action: (load: Loader) => (...received: unknown[]) => Promise<void>): void {
  const access = program.command('access').description('access per output port: requests, approvals, grants applied on the engines, audit');
  controlCommand(access, 'request', "ask for a role of an output port's contract for your team")
    .argument('<port>', '<product>:<output port>')
    .requiredOption('--role <role>', "a role of the port's contract (ODCS roles)")
    .option('--purpose <text>', 'why your team needs it (required for restricted data)')
    .option('--until <date>', 'last day of the grant (YYYY-MM-DD) or an ISO time; default: until revoked')
    .addHelpText(
      'after',
      examples([
        'dp access request play-events:events --role play_events_reader --purpose "weekly revenue report" --until 2026-12-31',
        'DP_CATALOG_TOKEN=... dp access request play-events:events --role play_events_reader --purpose "churn model" --catalog https://catalog.example.com',
      ]),
    )
    .action(action(() => import('./commands/access-request.js')));
  for (const [verb, what] of [
    ['approve', 'approve a request (the owning team; a second-level approver for the second approval)'],
    ['deny', 'deny a pending request'],
    ['revoke', 'end a grant (owning or requesting team), or withdraw a pending request'],
  ] as const) {
    controlCommand(access, verb, what)
      .argument('<id>', 'the access request (acc_...)')
      .option('--reason <text>', 'why (recorded with the decision; required)')
      .addHelpText('after', examples([`dp access ${verb} acc_4f9a02c1d3 --reason "..."`]))
      .action(action(() => import(`./commands/access-${verb}.js`)));
  }
  controlCommand(access, 'list', 'access requests and grants you may see')
    .option('--product <id>', 'only this product')
    .option('--port <name>', 'only this output port')
    .option('--owner <team>', "only requests on the products this team owns (an owner's queue)")
    .option('--approver <team>', 'only requests of roles naming this team in secondLevelApprovers (its queue of second approvals)')
    .option('--state <states>', 'only these states: pending, pending-second, approved, denied, revoked, expired (comma separated; repeatable)', collect)
    .addHelpText(
      'after',
      examples([
        'dp access list --owner player-team --state pending,pending-second',
        'dp access list --approver data-governance --state pending-second',
        'dp access list --product play-events --state approved --json',
        'dp access list --team bi-dashboards',
      ]) + '\nWith --team, only the requests of that (requesting) team.\n',
    )
    .action(action(() => import('./commands/access-list.js')));
  engineOptions(controlCommand(access, 'apply', "make the catalog's grants on this product real on a server: roles, GRANT and REVOKE (PostgreSQL)"), true)
    .addHelpText(
      'after',
      examples([
        'dp access apply --server warehouse            # the first run shows what it would run',
        'DP_SERVER_WAREHOUSE_USER=dp_admin dp access apply --server warehouse --yes',
      ]),
    )
    .action(action(() => import('./commands/access-apply.js')));
  controlCommand(access, 'audit', 'ports with too many grants, restricted data granted without a purpose, ended grants still applied')
    .addHelpText('after', examples(['dp access audit', 'dp access audit --json']) + '\nExit codes: 0 nothing found, 1 findings, 2 errors.\n')
    .action(action(() => import('./commands/access-audit.js')));

  const erase = program
    .command('erase')
    .description('erasure requests across the mesh: filed by the privacy office, executed by each product holding the subject');
  controlCommand(erase, 'request', 'ask every product holding a kind of data subject to erase one (a privacy token)')
    .requiredOption('--subject <kind=id>', 'the kind of subject (as contracts declare it) and its identifier, for example customer=C-1042')
    .option('--reason <text>', 'why (recorded; required)')
    .option(
      '--deadline-days <n>',
      "days the products have (default: the policy's control.erasure.deadlineDays, else 30)",
      parseInteger('--deadline-days', 1, 3650),
    )
    .addHelpText('after', examples(['dp erase request --subject customer=C-1042 --reason "GDPR art. 17 request #8812"']))
    .action(action(() => import('./commands/erase-request.js')));
  controlCommand(erase, 'pending', "a product's open erasure tasks, with the subject to erase")
    .option('--product <id>', 'the product (default: the one in --dir or the current directory)')
    .option('--dir <path>', 'the product directory')
    .action(action(() => import('./commands/erase-pending.js')));
  engineOptions(controlCommand(erase, 'apply', "execute this product's open erasure tasks on a server and confirm them with the rows erased"), false)
    .addHelpText('after', examples(['dp erase apply --server warehouse --dry-run   # counts only', 'dp erase apply --server warehouse --yes']))
    .action(action(() => import('./commands/erase-apply.js')));
  controlCommand(erase, 'confirm', 'a product erased the subject by its own means: its task is done')
    .argument('<task>', 'the task (<request>:<product>, as dp erase pending shows it)')
    .option('--note <text>', 'how it was erased (recorded; required)')
    .action(action(() => import('./commands/erase-confirm.js')));
  controlCommand(erase, 'status', "an erasure request's tasks (done, pending, overdue), or every request you may see")
    .argument('[id]', 'the erasure request (era_...)')
    .addHelpText('after', '\nExit codes: 0, 1 when a task of the request is overdue, 2 errors.\n')
    .action(action(() => import('./commands/erase-status.js')));

  const retention = program.command('retention').description("retention enforced: rows older than the contracts' retention deleted");
  engineOptions(controlCommand(retention, 'apply', "delete the rows of this product older than its contracts' retention on a server"), true)
    .addHelpText(
      'after',
      examples(['dp retention apply --server warehouse         # the first run counts only', 'dp retention apply --server warehouse --yes']),
    )
    .action(action(() => import('./commands/retention-apply.js')));
}

function addCatalogCommands(program: Command, action: (load: Loader) => (...received: unknown[]) => Promise<void>): void {
  const catalog = program.command('catalog').description('read the catalog, draw the mesh, serve the catalog over HTTP');

  catalog
    .command('list')
    .description('list products (latest version of each)')
    .addOption(catalogOption())
    .option('--domain <domain>', 'only this domain')
    .option('--team <team>', 'only this team')
    .option('--status <status>', 'only this status')
    .option('--limit <n>', 'at most this many products', parseInteger('--limit', 1, 1000), 1000)
    .addHelpText('after', examples(['dp catalog list --domain player', 'dp catalog list --team listener-team --json']))
    .action(action(() => import('./commands/catalog-list.js')));

  catalog
    .command('show')
    .description('show one product version with its ports and contracts')
    .argument('<ref>', '<id> or <id>@<version>')
    .addOption(catalogOption())
    .action(action(() => import('./commands/catalog-show.js')));

  catalog
    .command('versions')
    .description('list the published versions of a product')
    .argument('<id>', 'product id')
    .addOption(catalogOption())
    .option('--changes', 'also list the changes of each version')
    .action(action(() => import('./commands/catalog-versions.js')));

  catalog
    .command('search')
    .description('search names, descriptions, tags and field names')
    .argument('<words...>', 'words to look for (every word must match, as a word prefix)')
    .addOption(catalogOption())
    .option('--domain <domain>', 'only this domain')
    .option('--team <team>', 'only this team')
    .option('--status <status>', 'only this status')
    .option('--limit <n>', 'at most this many results', parseInteger('--limit', 1, 1000), 50)
    .addHelpText('after', examples(['dp catalog search play events', 'dp catalog search email --domain listener --json']))
    .action(action(() => import('./commands/catalog-search.js')));

  catalog
    .command('graph')
    .description('draw the mesh: products as nodes, consumed output ports as edges')
    .addOption(catalogOption())
    .addOption(new Option('--format <format>', 'graph language').choices(['mermaid', 'dot']).default('mermaid'))
    .option('--around <id>', 'only the upstream and downstream of this product')
    .option('--depth <n>', 'with --around: at most this many hops each way (default: all)', parseInteger('--depth', 1, 1000))
    .addHelpText('after', examples(['dp catalog graph > mesh.mmd', 'dp catalog graph --format dot --around listener-sessions | dot -Tsvg > mesh.svg']))
    .action(action(() => import('./commands/catalog-graph.js')));

  catalog
    .command('consumers')
    .description('products consuming a product or one of its output ports')
    .argument('<ref>', '<id> or <id>:<port>')
    .addOption(catalogOption())
    .addHelpText('after', examples(['dp catalog consumers play-events', 'dp catalog consumers play-events:events --json']))
    .action(action(() => import('./commands/catalog-consumers.js')));

  catalog
    .command('serve')
    .description('serve the catalog: HTTP API and web pages (stops gracefully on SIGTERM or Ctrl-C)')
    .addOption(catalogOption())
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parseInteger('--port', 0, 65535), 8080)
    .option('--auth-reads', 'require a token for reads too (default: reads are open)')
    .option('--body-limit <bytes>', 'largest accepted request body', parseInteger('--body-limit', 1024, 1 << 30), 1024 * 1024)
    .option('--policies <file>', 'organisation policy that published products are validated against')
    .option('--config <file>', 'dp configuration file (default: dp.config.yaml searched upward from here)')
    .option('--quiet', 'no request logs on stderr')
    .option('--no-cache', 'render every read afresh (the default caches answers until the catalog changes)')
    .option(
      '--cache-size <MB>',
      'megabytes of memory each server process gives its cache of answers (keys and overheads counted)',
      parseInteger('--cache-size', 1, 65536),
      256,
    )
    .option('--no-warm', 'do not render every product page into the cache at start (pages are then rendered when first asked for)')
    .option('--workers <n>', 'server processes sharing the port, to use several cores', parseInteger('--workers', 1, 64), 1)
    .option('--header-timeout <s>', 'seconds a client may take to send the request line and headers', parseInteger('--header-timeout', 1, 3600), 10)
    .option('--body-timeout <s>', 'seconds a client may take to send a request body, from the end of its headers', parseInteger('--body-timeout', 1, 3600), 30)
    .option(
      '--idle-timeout <s>',
      'seconds a connection may stay silent (between requests, or a client not reading its answer)',
      parseInteger('--idle-timeout', 1, 3600),
      30,
    )
    .option('--request-timeout <s>', 'seconds a whole request may take to arrive, and a read to be answered', parseInteger('--request-timeout', 1, 3600), 120)
    .option(
      '--max-connections <n>',
      'connections each server process holds; at the limit a new one displaces the longest-waiting idle or slow one',
      parseInteger('--max-connections', 16, 1_000_000),
      1000,
    )
    .addHelpText(
      'after',
      examples([
        'dp catalog serve --port 8080',
        'dp catalog serve --catalog postgres://dp@db/catalog --host 0.0.0.0 --auth-reads',
        'dp catalog token create --team player-team --catalog postgres://dp@db/catalog',
      ]) + '\nPrints "listening on http://<host>:<port>" on stderr once ready; request logs are JSON lines on stderr.\n',
    )
    .action(action(() => import('./commands/catalog-serve.js')));

  catalog
    .command('doctor')
    .description("check the catalog's consistency (database check and dp's invariants); exit 1 when something is wrong")
    .addOption(catalogOption())
    .addHelpText('after', examples(['dp catalog doctor --catalog ~/.local/share/dp/catalog.db', 'dp catalog doctor --catalog postgres://dp@db/catalog --json']))
    .action(action(() => import('./commands/catalog-doctor.js')));

  const token = catalog.command('token').description('manage API tokens of the catalog server (opens the catalog database directly)');
  token
    .command('create')
    .description('create a token bound to a team (printed once)')
    .addOption(catalogOption())
    .addOption(new Option('--team <name>', 'team allowed to publish with this token (ODPS team.name); with --privacy, the privacy office').conflicts('admin'))
    .addOption(new Option('--admin', 'an admin token (may publish any product)').conflicts('privacy'))
    .option('--privacy', 'a token of the privacy office: files erasure requests, publishes nothing')
    .option('--description <text>', 'what the token is for')
    .addHelpText('after', examples(['dp catalog token create --team player-team --description "player CI"', 'dp catalog token create --admin --json']))
    .action(action(() => import('./commands/catalog-token-create.js')));
  token
    .command('list')
    .description('list tokens: id, team, creation and last use (never the secrets)')
    .addOption(catalogOption())
    .option('--all', 'include revoked tokens')
    .action(action(() => import('./commands/catalog-token-list.js')));
  token
    .command('revoke')
    .description('revoke a token: it stops working at once on every server of the catalog')
    .argument('<id>', 'token id (see dp catalog token list)')
    .addOption(catalogOption())
    .action(action(() => import('./commands/catalog-token-revoke.js')));
}

function printError(ctx: Context, error: DpError, debug: boolean, json: boolean): void {
  if (json) {
    const body = {
      error: { type: error.type, message: error.message, hint: error.hint, location: error.location, details: error.details },
    };
    ctx.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  }
  // Messages may quote a catalog server's answer or a document: escaped for the terminal.
  const where = error.location ? `${terminalText(formatLocation(error.location))}: ` : '';
  ctx.stderr.write(`dp: ${where}${terminalLines(error.message)}\n`);
  if (error.hint) ctx.stderr.write(`  hint: ${terminalLines(error.hint)}\n`);
  if (debug && error.stack) ctx.stderr.write(`${error.stack}\n`);
}

function exitCodeFor(ctx: Context, error: unknown, argv: string[]): number {
  const debug = argv.includes('--debug') || ctx.env.DP_DEBUG === '1';
  const json = argv.includes('--json');
  if (error instanceof ExitError) return error.exitCode;
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return 2;
  }
  if (error instanceof DpError) {
    printError(ctx, error, debug, json);
    return error.exitCode;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  if (err.name === 'ExitPromptError' || err.name === 'AbortPromptError') return 130;
  ctx.stderr.write(`dp: internal error: ${terminalLines(err.message)}\n`);
  ctx.stderr.write(debug ? `${err.stack ?? ''}\n` : '  This is a bug in dp. Please report it with the output of the same command run with --debug.\n');
  return 2;
}

const OUTPUT = { out: (text: string) => process.stdout.write(text), err: (text: string) => process.stderr.write(text) };

/**
 * Runs a command line (`argv` as process.argv gives it: node, script, then the arguments) in this
 * process, with `base` for what the command reads and writes (the global flags `--json`, `--debug`
 * and `--no-color` adjust it); gives the exit code. Errors are reported on its streams.
 */
export async function run(argv: string[], base: Context): Promise<number> {
  let code = 0;
  const runner: Runner = async ({ load, options, positionals, globals }) => {
    const ctx: Context = {
      ...base,
      json: Boolean(globals.json),
      debug: Boolean(globals.debug) || base.debug,
      color: globals.color === false ? false : base.color,
    };
    const mod = await load();
    const returned = await mod.default(ctx, options, ...positionals);
    code = typeof returned === 'number' ? returned : 0;
  };
  const program = buildProgram(runner, { out: (text) => base.stdout.write(text), err: (text) => base.stderr.write(text) });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    return exitCodeFor(base, error, argv);
  }
}

export async function main(argv: string[]): Promise<void> {
  const code = await run(argv, createContext({}));
  process.exitCode = code;
  // Long-running commands (the catalog server) only return once they are shut down,
  // so ending here never cuts off work; it does stop stray handles from keeping dp alive.
  flushAndExit(code);
}

function flushAndExit(code: number): void {
  let pending = 2;
  const done = (): void => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

/**
 * Finding the packages a text installs or runs: `npm install`, `npm exec`, `npx`,
 * `pnpm add|dlx`, `yarn add|dlx`, `bunx`... on any line, continuation lines joined.
 * Used to prove that nothing dp generates installs another author's package.
 */

export interface InstallCommand {
  /** The command as written, for messages. */
  command: string;
  /** Package names (scope included, version range dropped). */
  packages: string[];
  /** The specs as written (name and range). */
  specs: string[];
  line: number;
}

/** Verbs of each tool that fetch a package, and whether their first positional is the only package (runners). */
const VERBS: Record<string, Record<string, 'all' | 'runner'>> = {
  npm: {
    install: 'all',
    i: 'all',
    add: 'all',
    in: 'all',
    ins: 'all',
    inst: 'all',
    insta: 'all',
    instal: 'all',
    isnt: 'all',
    isntall: 'all',
    exec: 'runner',
    x: 'runner',
  },
  pnpm: { add: 'all', install: 'all', i: 'all', dlx: 'runner', exec: 'runner' },
  yarn: { add: 'all', dlx: 'runner' },
  bun: { add: 'all', install: 'all', i: 'all', x: 'runner' },
};
const RUNNERS = new Set(['npx', 'pnpx', 'bunx']);
/** Options that take a value in the next token. */
const WITH_VALUE = new Set(['-p', '--package', '--registry', '--prefix', '--cache', '--userconfig', '-C', '--dir', '--filter', '-F']);
const SEPARATORS = new Set(['&&', '||', ';', '|', '&']);

export function packageName(spec: string): string {
  const scoped = spec.startsWith('@');
  const at = spec.indexOf('@', scoped ? 1 : 0);
  return at === -1 ? spec : spec.slice(0, at);
}

function tokens(text: string): string[] {
  return text
    .replace(/#.*$/, '')
    .split(/\s+/)
    .map((t) => t.replace(/^["'`]+|["'`]+$/g, ''))
    .filter(Boolean);
}

/** The packages of one command, from the token after its verb. */
function packagesOf(args: string[], mode: 'all' | 'runner'): string[] {
  const explicit: string[] = [];
  const positional: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const t = args[i];
    if (SEPARATORS.has(t)) break;
    if (t.startsWith('--package=')) explicit.push(t.slice('--package='.length));
    else if (WITH_VALUE.has(t)) {
      if (t === '-p' || t === '--package') explicit.push(args[i + 1] ?? '');
      i += 1;
    } else if (!t.startsWith('-')) {
      positional.push(t);
      if (mode === 'runner') break;
    }
  }
  return mode === 'runner' && explicit.length > 0 ? explicit : [...explicit, ...positional];
}

export function installCommands(text: string): InstallCommand[] {
  const out: InstallCommand[] = [];
  const lines = text.replace(/\\\r?\n/g, ' ').split('\n');
  lines.forEach((line, index) => {
    const words = tokens(line);
    for (let i = 0; i < words.length; i += 1) {
      const word = words[i].replace(/^.*\//, '');
      let specs: string[] | undefined;
      if (RUNNERS.has(word)) specs = packagesOf(words.slice(i + 1), 'runner');
      else if (VERBS[word]) {
        // `yarn global add x`
        const at = words[i + 1] === 'global' ? i + 2 : i + 1;
        const mode = VERBS[word][words[at] ?? ''];
        if (mode) specs = packagesOf(words.slice(at + 1), mode);
      }
      if (specs) out.push({ command: line.trim(), specs, packages: specs.map(packageName), line: index + 1 });
    }
  });
  return out;
}

/**
 * dp init on a terminal: driven through a pseudo-terminal made by `script`
 * (util-linux), answering each prompt when it appears. Ctrl-C at a prompt
 * exits 130 and leaves nothing behind. Skipped where `script` is missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DP_BIN, readYaml, tempDir, tree } from './init-support.js';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

interface Session {
  code: number;
  output: string;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs dp in a pseudo-terminal; each step waits for its prompt, then types. */
function session(args: string[], cwd: string, steps: Array<[RegExp, string]>): Promise<Session> {
  const command = [process.execPath, DP_BIN, ...args].map(quote).join(' ');
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TERM: 'xterm', COLUMNS: '200' };
  delete env.CI;
  const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let next = 0;
  let seenUpTo = 0;
  const advance = (): void => {
    while (next < steps.length) {
      const [prompt, keys] = steps[next];
      const match = prompt.exec(output.slice(seenUpTo));
      if (!match) return;
      seenUpTo += match.index + match[0].length;
      next += 1;
      setTimeout(() => child.stdin.write(keys), 50);
    }
  };
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    advance();
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
  });
}

let root: string;
let cleanup: () => void;
beforeAll(() => ({ dir: root, cleanup } = tempDir('dp-init-tty-')));
afterAll(() => cleanup());

describe.skipIf(!hasScript)('dp init on a terminal', () => {
  it('asks for what is missing, offers defaults, and generates the product', async () => {
    const enter = '\r';
    const s = await session(['init'], root, [
      [/Kind of data product/, enter],
      [/Product id/, `play-events${enter}`],
      [/Product name \(human-readable\)/, enter],
      [/Business domain/, `Player${enter}`], // refused: not a slug; the prompt stays
      [/must be a lowercase slug/, `\x7f\x7f\x7f\x7f\x7f\x7fplayer${enter}`],
      [/Product owner/, `ana@example.com${enter}`],
      [/Owning team/, enter],
      [/Purpose of the product/, enter],
      [/Output ports/, enter],
      [/Input ports/, enter],
      [/Warehouse of table output ports/, enter],
      [/Retention of the output data/, enter],
    ]);
    expect(s.output).toMatch(/Generated play-events\//);
    expect(s.code).toBe(0);
    const d = readYaml(`${root}/play-events/dataproduct.odps.yaml`) as Record<string, any>;
    expect(d).toMatchObject({ id: 'play-events', name: 'Play Events', domain: 'player', team: { name: 'player-team' } });
  });

  it('Ctrl-C at a prompt exits 130 and leaves nothing behind', async () => {
    const { dir, cleanup: done } = tempDir('dp-init-tty-ctrl-c-');
    try {
      const s = await session(['init', '--archetype', 'aggregate'], dir, [
        [/Product id/, 'half-typ'],
        [/half-typ/, '\x03'],
      ]);
      expect(s.code).toBe(130);
      expect(tree(dir)).toEqual([]);
    } finally {
      done();
    }
  });
});

// npm run bench: every benchmark of dp, each printing its figures and ratios.
// Ratios are measured within one run, interleaved, because these machines are
// shared and noisy; absolute times are only indicative.
// Select some with arguments: node bench/run.mjs validate init
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { summary } from './lib.mjs';

const ALL = ['validate', 'init', 'update', 'publish', 'serve', 'rebuild', 'flood', 'attack', 'test'];
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ALL;

console.log(
  `dp benchmarks: node ${process.version}, ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
let failed = false;
for (const name of wanted) {
  const file = new URL(`./${name}.bench.mjs`, import.meta.url);
  if (!existsSync(file)) {
    console.log(`\n(${name}: no benchmark yet)`);
    continue;
  }
  try {
    const mod = await import(file.href);
    await mod.run();
  } catch (error) {
    failed = true;
    console.error(`\n${name} benchmark failed: ${error instanceof Error ? error.stack : error}`);
  }
}
const missed = summary().filter((r) => r.ok === false);
console.log(`\n${summary().length} figures; ${missed.length} goal(s) not met${missed.length ? `: ${missed.map((r) => r.name).join('; ')}` : ''}.`);
process.exitCode = failed ? 1 : 0;

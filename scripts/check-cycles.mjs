// Import cycles in src/, type-only imports included (ESLint's import-x/no-cycle skips those, and a
// cycle of types still ties two modules' designs together). Dynamic import() is left out: the
// command table loads commands lazily on purpose. Exits 1 naming each cycle.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const STATIC_IMPORT = /^(?:import|export)\b[^'"]*?\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/gm;

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = new Set(sources(join(root, 'src')));
const graph = new Map();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const targets = [...text.matchAll(STATIC_IMPORT)].map((m) => resolve(dirname(file), m[1].replace(/\.js$/, '.ts')));
  graph.set(
    file,
    targets.filter((t) => files.has(t)),
  );
}

const cycles = new Set();
const done = new Set();
function visit(file, path, onPath) {
  for (const next of graph.get(file)) {
    if (onPath.has(next)) cycles.add([...path.slice(path.indexOf(next)), next].map((p) => relative(root, p)).join(' -> '));
    else if (!done.has(next)) {
      onPath.add(next);
      visit(next, [...path, next], onPath);
      onPath.delete(next);
    }
  }
  done.add(file);
}
for (const file of files) if (!done.has(file)) visit(file, [file], new Set([file]));

if (cycles.size > 0) {
  console.error(`import cycles in src/ (type-only imports count too):\n${[...cycles].map((c) => `  ${c}`).join('\n')}`);
  process.exit(1);
}

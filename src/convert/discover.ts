/**
 * What `dp convert` is asked to convert: files named on the command line, and
 * the YAML and JSON files under directories named on it (hidden directories
 * and node_modules skipped). Each file is recognised by its content; files dp
 * cannot convert are listed with the reason (and are an error when named).
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { displayPath } from '../descriptor/product.js';
import { recognize, type Recognition } from '../descriptor/recognize.js';
import { loadSource } from '../descriptor/source.js';

export interface Candidate {
  path: string;
  display: string;
  /** The directory outputs are laid out from (`--output` mirrors the tree below it). */
  base: string;
  recognition: Recognition;
  /** Named on the command line (a problem with it is an error, not a skip). */
  named: boolean;
}

export interface Skipped {
  file: string;
  reason: string;
}

export interface Problem {
  file: string;
  line?: number;
  column?: number;
  message: string;
  hint?: string;
}

export interface Discovery {
  candidates: Candidate[];
  skipped: Skipped[];
  problems: Problem[];
}

const DATA_FILE = /\.(ya?ml|json)$/i;
const MAX_FILES = 20_000;

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (out.length >= MAX_FILES) return;
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile() && DATA_FILE.test(entry.name)) out.push(path);
  }
}

/** Whether dp converts this kind of document (and why not, when it does not). */
export function convertible(recognition: Recognition): { ok: true } | { ok: false; reason: string } {
  if (recognition.format === 'dcs' || recognition.format === 'dpds') return { ok: true };
  if (recognition.format === 'odcs' && /^v?(2\.|3\.0\.)/.test(recognition.version ?? '')) return { ok: true };
  if ((recognition.format === 'odcs' || recognition.format === 'odps') && recognition.checkable)
    return { ok: false, reason: `already ${recognition.label}: nothing to convert` };
  return { ok: false, reason: recognition.problem ?? `${recognition.label} is not a format dp converts` };
}

function inspect(path: string, named: boolean, base: string, cwd: string, found: Discovery): void {
  const display = displayPath(cwd, path);
  const file = loadSource(path, display);
  const problem = file.problems[0];
  if (problem || !file.value) {
    const message = problem?.message ?? 'cannot be read';
    if (named) found.problems.push({ file: display, line: problem?.line, column: problem?.column, message, hint: problem?.hint });
    else found.skipped.push({ file: display, reason: `not read: ${message}` });
    return;
  }
  const recognition = recognize(file.value, basename(path));
  const verdict = convertible(recognition);
  if (verdict.ok) found.candidates.push({ path, display, base, recognition, named });
  else if (named && !recognition.checkable)
    found.problems.push({
      file: display,
      line: 1,
      column: 1,
      message: verdict.reason,
      hint: 'dp converts Data Contract Specification files, ODCS v2 and v3.0.x contracts, and DPDS descriptors',
    });
  else found.skipped.push({ file: display, reason: verdict.reason });
}

export function discover(cwd: string, paths: string[]): Discovery {
  const found: Discovery = { candidates: [], skipped: [], problems: [] };
  const seen = new Set<string>();
  for (const given of paths.length > 0 ? paths : ['.']) {
    const path = resolve(cwd, given);
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      found.problems.push({ file: given, message: 'no such file or directory' });
      continue;
    }
    const files: string[] = [];
    if (isDir) walk(path, files);
    else files.push(path);
    for (const file of files) {
      if (seen.has(file)) continue;
      seen.add(file);
      inspect(file, !isDir, isDir ? path : dirname(path), cwd, found);
    }
  }
  return found;
}

/**
 * The plan of a `dp convert` run, made before anything is written: every
 * source converted in memory, every output given its path, and every reason
 * not to write (a target that exists without --force, two outputs on one
 * path, a path out of its directory, a file that cannot be read). Outputs are
 * checked against dp's schema of their standard; what fails is listed.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { displayPath } from '../descriptor/product.js';
import { DpError } from '../errors.js';
import { checkOutput } from './check.js';
import { discover, type Candidate, type Problem, type Skipped } from './discover.js';
import { produce, type Produced } from './produce.js';
import { readYamlSource } from './source.js';
import type { Conversion, OutputFile, Unmapped } from './types.js';

export interface ConvertOptions {
  cwd: string;
  paths: string[];
  /** Directory to write into (the tree below each directory argument is mirrored). */
  output?: string;
  /** Replace each converted contract where it is. */
  inPlace?: boolean;
  force?: boolean;
  unmapped: Unmapped;
}

export interface Plan {
  conversions: Conversion[];
  skipped: Skipped[];
  problems: Problem[];
}

/** `orders.yaml` -> `orders.odcs.yaml`; `orders.odcs.yaml` stays itself. */
export function convertedName(file: string): string {
  return `${file.replace(/\.(ya?ml|json)$/i, '').replace(/\.odcs$/i, '')}.odcs.yaml`;
}

/** The nearest existing directory of `path`, with symbolic links resolved. */
function realDir(path: string): string {
  let dir = dirname(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return realpathSync(dir);
}

function inside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

function problemFrom(error: unknown, file: string): Problem {
  if (error instanceof DpError)
    return { file: error.location?.file ?? file, line: error.location?.line, column: error.location?.column, message: error.message, hint: error.hint };
  throw error;
}

function targetDir(candidate: Candidate, options: ConvertOptions): string {
  if (!options.output) return dirname(candidate.path);
  return join(resolve(options.cwd, options.output), relative(candidate.base, dirname(candidate.path)));
}

function outputsOf(candidate: Candidate, produced: Produced, options: ConvertOptions, problems: Problem[]): OutputFile[] {
  const dir = targetDir(candidate, options);
  const root = options.output ? resolve(options.cwd, options.output) : dirname(candidate.path);
  return produced.documents.map((document) => {
    const single = document.rel === undefined;
    const path = single && options.inPlace ? candidate.path : join(dir, document.rel ?? convertedName(basename(candidate.path)));
    const display = displayPath(options.cwd, path);
    if (!inside(path, root) || (existsSync(root) && !inside(realDir(path), realpathSync(root)))) {
      problems.push({
        file: candidate.display,
        message: `the output ${display} would be outside ${displayPath(options.cwd, root)}`,
        hint: 'dp writes only inside the output directory',
      });
    }
    const inPlace = path === candidate.path;
    if (inPlace && !(single && options.inPlace)) {
      problems.push({
        file: candidate.display,
        message: `converting ${candidate.display} would overwrite it`,
        hint: 'add --in-place to convert it where it is, or --output <dir> to write the result elsewhere',
      });
    }
    const exists = existsSync(path);
    if (exists && statSync(path).isDirectory()) {
      problems.push({ file: candidate.display, message: `${display} is a directory`, hint: 'move it away, or write elsewhere with --output <dir>' });
      return { path, display, kind: document.kind, text: document.text, action: 'overwrite' as const };
    }
    if (exists && !inPlace && !options.force) {
      problems.push({
        file: candidate.display,
        message: `${display} already exists`,
        hint: 'add --force to overwrite it, or --output <dir> to write elsewhere',
      });
    }
    const before = exists ? readFileSync(path, 'utf8') : undefined;
    const action = inPlace ? 'in-place' : exists ? 'overwrite' : 'create';
    return { path, display, kind: document.kind, text: document.text, before, action };
  });
}

function checkCollisions(conversions: Conversion[], problems: Problem[]): void {
  const owners = new Map<string, string>();
  const sources = new Map(conversions.map((c) => [c.sourcePath, c.source]));
  for (const conversion of conversions) {
    for (const output of conversion.outputs) {
      const other = owners.get(output.path);
      if (other)
        problems.push({
          file: conversion.source,
          message: `${output.display} would be written by the conversion of both ${other} and ${conversion.source}`,
          hint: 'convert them into different directories with --output',
        });
      owners.set(output.path, conversion.source);
      const source = sources.get(output.path);
      if (source && output.action !== 'in-place')
        problems.push({
          file: conversion.source,
          message: `${output.display} is itself converted in this run (from ${source})`,
          hint: 'convert one of them at a time',
        });
    }
  }
}

export function planConversions(options: ConvertOptions): Plan {
  const found = discover(options.cwd, options.paths);
  const problems = [...found.problems];
  const skipped = [...found.skipped];
  const conversions: Conversion[] = [];
  const consumed = new Map<string, string>();
  const ordered = [...found.candidates].sort((a, b) => Number(b.recognition.format === 'dpds') - Number(a.recognition.format === 'dpds'));
  for (const candidate of ordered) {
    const owner = consumed.get(candidate.path);
    if (owner) {
      skipped.push({ file: candidate.display, reason: `part of the DPDS product ${owner}` });
      continue;
    }
    try {
      const source = readYamlSource(candidate.path, candidate.display);
      const produced = produce(source, candidate.recognition, options.unmapped, options.cwd);
      for (const file of produced.consumed) consumed.set(file, candidate.display);
      const outputs = outputsOf(candidate, produced, options, problems);
      const notes = [...produced.notes, ...outputs.flatMap((o) => checkOutput(o.text, o.path, o.display, o.kind))];
      conversions.push({ source: candidate.display, sourcePath: candidate.path, from: produced.from, to: produced.to, outputs, notes });
    } catch (error) {
      problems.push(problemFrom(error, candidate.display));
    }
  }
  const kept = conversions.filter((c) => !consumed.has(c.sourcePath));
  for (const c of conversions)
    if (consumed.has(c.sourcePath)) skipped.push({ file: c.source, reason: `part of the DPDS product ${consumed.get(c.sourcePath)}` });
  checkCollisions(kept, problems);
  return { conversions: kept, skipped, problems };
}

/**
 * Converting in-memory documents in tests: the text is written to a temporary
 * directory (with the other files a DPDS product needs) and planned by the same
 * code `dp convert` runs; results come back as text, parsed values and notes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { planConversions, type Plan } from '../../src/convert/plan.js';
import type { Note, NoteKind, Unmapped } from '../../src/convert/types.js';

export type Doc = Record<string, any>;

export interface Converted {
  plan: Plan;
  /** Output texts by path relative to the temporary directory. */
  texts: Record<string, string>;
  /** The first output, parsed. */
  doc: Doc;
  notes: Note[];
  dir: string;
}

const dirs: string[] = [];

export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dp-convert-'));
  dirs.push(dir);
  return dir;
}

export function removeScratchDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

/** Converts `name` (with `others` beside it) and returns the plan's outputs; throws when the run has problems. */
export function convert(
  name: string,
  text: string,
  options: { others?: Record<string, string>; unmapped?: Unmapped; allowProblems?: boolean } = {},
): Converted {
  const dir = scratchDir();
  writeFiles(dir, { [name]: text, ...(options.others ?? {}) });
  const plan = planConversions({ cwd: dir, paths: [name], unmapped: options.unmapped ?? 'custom-properties', output: 'out' });
  if (plan.problems.length > 0 && !options.allowProblems) throw new Error(`conversion problems: ${JSON.stringify(plan.problems, null, 2)}`);
  const outputs = plan.conversions.flatMap((c) => c.outputs);
  const texts = Object.fromEntries(outputs.map((o) => [o.display.replace(/^out\//, ''), o.text]));
  const first = outputs[0];
  return { plan, texts, doc: first ? (parse(first.text) as Doc) : {}, notes: plan.conversions.flatMap((c) => c.notes), dir };
}

export function notesOf(result: Converted, kind: NoteKind): Note[] {
  return result.notes.filter((n) => n.kind === kind);
}

/** The property `name` of the schema object `object` (nested names with dots). */
export function property(doc: Doc, object: string, name: string): Doc {
  const table = (doc.schema as Doc[]).find((o) => o.name === object);
  let current: Doc | undefined = table;
  for (const part of name.split('.')) current = (current?.properties as Doc[] | undefined)?.find((p) => p.name === part);
  if (!current) throw new Error(`no property ${object}.${name}`);
  return current;
}

export function customProperty(element: Doc, name: string): unknown {
  return (element.customProperties as Array<{ property: string; value: unknown }> | undefined)?.find((c) => c.property === name)?.value;
}

/**
 * Answers given up front: an answers file, then --set, then the dedicated
 * flags (each later source wins). Every answer remembers where it came from so
 * that a bad value can be reported against the flag or the file position.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PathSegment } from '../descriptor/positions.js';
import { loadSource, type SourceFile } from '../descriptor/source.js';
import { isRecord } from '../descriptor/model.js';
import { usageError } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import { normalisePorts, parsePortList, parsePortSpec } from './port-spec.js';
import type { Question } from './questions.js';
import type { Answers, AnswerSource } from './types.js';
import { errorAt, readYamlMapping } from './yaml-file.js';

export interface GivenAnswers {
  values: Answers;
  sources: Map<string, AnswerSource>;
  /** The answers file, and where the answers sit inside it. */
  file?: { source: SourceFile; prefix: PathSegment[] };
  /** Template id recorded in a previous `.dp/answers.yaml`. */
  recordedTemplate?: string;
}

export interface AnswerOptions {
  answers?: string;
  set?: string[];
  [flag: string]: unknown;
}

/** A record written by dp init: `{template: {id, version}, answers: {...}}`. */
function isRecordFile(value: Record<string, unknown>): boolean {
  return isRecord(value.answers) && isRecord(value.template);
}

function readAnswersFile(cwd: string, path: string, questions: Question[], given: GivenAnswers): void {
  const source = readYamlMapping(cwd, resolve(cwd, path), 'answers file', 'usage');
  const top = source.value!;
  const record = isRecordFile(top);
  const answers = (record ? top.answers : top) as Record<string, unknown>;
  const prefix = record ? ['answers'] : [];
  given.file = { source, prefix };
  if (record) given.recordedTemplate = String((top.template as Record<string, unknown>).id ?? '') || undefined;
  const byKey = new Map(questions.map((q) => [q.key, q]));
  for (const key of Object.keys(answers)) {
    const q = byKey.get(key);
    if (!q) {
      throw errorAt(source, [...prefix, key], `answers file: unknown answer \`${key}\``, {
        type: 'usage',
        target: 'key',
        hint: didYouMean(key, byKey.keys()) ?? `known answers: ${[...byKey.keys()].join(', ')}`,
      });
    }
    given.values[key] = q.kind === 'ports' ? normalisePorts(answers[key]) : answers[key];
    given.sources.set(key, { kind: 'file', file: source.display });
  }
}

/** Text from --set becomes the type the question expects; anything else is left for the schema to refuse. */
export function coerce(q: Question, text: string): unknown {
  switch (q.kind) {
    case 'integer':
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'ports':
      return parsePortList(text);
    case 'list':
      return text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    default:
      return text;
  }
}

function applySet(entries: string[], questions: Question[], given: GivenAnswers): void {
  const byKey = new Map(questions.map((q) => [q.key, q]));
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw usageError(`--set ${entry}: expected key=value`, `for example --set ${questions[0]?.key ?? 'name'}=value`);
    const key = entry.slice(0, eq).trim();
    const q = byKey.get(key);
    if (!q) throw usageError(`--set ${entry}: unknown answer \`${key}\``, didYouMean(key, byKey.keys()) ?? `known answers: ${[...byKey.keys()].join(', ')}`);
    given.values[key] = coerce(q, entry.slice(eq + 1));
    given.sources.set(key, { kind: 'set' });
  }
}

/** commander stores --output as `output`, --dry-run as `dryRun`. */
function optionKey(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function applyFlags(options: AnswerOptions, questions: Question[], given: GivenAnswers): void {
  for (const q of questions) {
    if (!q.flag) continue;
    const value = options[optionKey(q.flag)];
    if (value === undefined) continue;
    given.values[q.key] = q.kind === 'ports' ? (value as string[]).map(parsePortSpec) : value;
    given.sources.set(q.key, { kind: 'flag', flag: q.flag });
  }
}

export function gatherAnswers(cwd: string, options: AnswerOptions, questions: Question[]): GivenAnswers {
  const given: GivenAnswers = { values: Object.create(null) as Answers, sources: new Map() };
  if (options.answers) readAnswersFile(cwd, options.answers, questions, given);
  applySet(options.set ?? [], questions, given);
  applyFlags(options, questions, given);
  return given;
}

const PACK_ID = /^(?=.{1,63}$)[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * Reads only the template recorded in an answers file, to pick the pack before its questions are
 * known. A record names a pack by id; a directory is never taken from a file (it would make an
 * answers file run any pack on disk), only from --template.
 */
export function recordedTemplate(cwd: string, path: string): string | undefined {
  const source = readYamlMapping(cwd, resolve(cwd, path), 'answers file', 'usage');
  const top = source.value!;
  if (!isRecordFile(top)) return undefined;
  const id = (top.template as Record<string, unknown>).id;
  if (id === undefined || id === null || id === '') return undefined;
  if (typeof id !== 'string' || !PACK_ID.test(id)) {
    throw errorAt(source, ['template', 'id'], `answers file: \`template.id\` must be the id of a template pack (a lowercase slug), got ${JSON.stringify(id)}`, {
      type: 'usage',
      hint:
        typeof id === 'string' && looksLikeDirectory(id)
          ? `to use the pack in a directory, give it with --template ${id}`
          : 'see dp init --list-templates for the ids',
    });
  }
  return id;
}

function looksLikeDirectory(spec: string): boolean {
  return /[/\\]/.test(spec) || spec.startsWith('.') || spec.startsWith('~');
}

/**
 * The instant a product was first generated, from its own record (`.dp/answers.yaml`): applying the
 * template again (`--force`) dates the sample data as the first run did, so an unchanged sample is not
 * reported as changed. A new product, or one without a readable record, has none (it is dated now).
 */
export function firstGenerated(productDir: string): string | undefined {
  const path = join(productDir, '.dp', 'answers.yaml');
  if (!existsSync(path)) return undefined;
  return instantOf(loadSource(path, path).value?.generatedAt);
}

/** A recorded instant, normalised to ISO 8601 UTC; undefined when it is not one. */
export function instantOf(at: unknown): string | undefined {
  return typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? new Date(at).toISOString() : undefined;
}

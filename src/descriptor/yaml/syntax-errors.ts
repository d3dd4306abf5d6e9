/**
 * From the YAML library's syntax errors to findings a person can act on: one
 * per problem, not a cascade. Only the first error is reported (what the
 * reader says after it mostly follows from it), with two exceptions: tabs
 * used for indentation are each their own problem, and a quoted string whose
 * continuation is not indented deeper than its key, a frequent slip of
 * generated files, is reported once with the other lines where it happens.
 */
import type { YAMLError } from 'yaml';

export interface SyntaxProblem {
  start: number;
  end: number;
  message: string;
  hint?: string;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

function lineAt(text: string, offset: number): { start: number; text: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return { start, text: text.slice(start, end === -1 ? text.length : end) };
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

/** `---` lines that start a second document (a `---` at the very start only opens the first). */
function documentStarts(text: string): number[] {
  const starts: number[] = [];
  let sawContent = false;
  for (const [i, line] of text.split('\n').entries()) {
    if (/^---(\s|$)/.test(line) && sawContent) starts.push(i + 1);
    else if (line.trim() !== '' && !line.trimStart().startsWith('#') && !/^(---|%)/.test(line)) sawContent = true;
  }
  return starts;
}

/** A quoted string left open at the end of a `key: "...` line whose next line is not indented deeper than the key. */
function shallowContinuation(text: string, error: YAMLError): { key: string; line: number } | undefined {
  if (error.code !== 'MISSING_CHAR' || !/quote/.test(error.message)) return undefined;
  const line = lineAt(text, Math.max(0, error.pos[0] - 1));
  const match = /^(\s*)(?:-\s+)?([^\s:#][^:#]*?):\s+["']/.exec(line.text);
  if (!match) return undefined;
  const next = lineAt(text, line.start + line.text.length + 1).text;
  const keyIndent = line.text.search(/\S/) + (line.text.trimStart().startsWith('- ') ? 2 : 0);
  if (next.trim() === '' || indentOf(next) > keyIndent) return undefined;
  return { key: match[2].trim(), line: lineOf(text, line.start) };
}

function firstLineOf(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function listLines(lines: number[]): string {
  const shown = lines.slice(0, 5).join(', ');
  return lines.length > 5 ? `${shown} and ${lines.length - 5} more` : shown;
}

export function syntaxProblems(text: string, errors: readonly YAMLError[]): SyntaxProblem[] {
  if (errors.length === 0) return [];
  const documents = documentStarts(text);
  if (errors.some((e) => e.code === 'MULTIPLE_DOCS') && documents.length > 0) {
    const at =
      text
        .split('\n')
        .slice(0, documents[0] - 1)
        .join('\n').length + 1;
    return [
      {
        start: at,
        end: at + 3,
        message: `the file holds ${documents.length + 1} YAML documents (\`---\` at line${documents.length > 1 ? 's' : ''} ${listLines(documents)}); dp reads one document per file`,
        hint: 'put each document in a file of its own, or remove the `---` line if it is all one document',
      },
    ];
  }
  const continuations = errors.map((e) => ({ e, found: shallowContinuation(text, e) })).filter((c) => c.found);
  if (continuations.length > 0 && continuations[0].e === errors[0]) {
    const { e, found } = continuations[0];
    const others = continuations.slice(1).map((c) => c.found!.line);
    return [
      {
        start: e.pos[0],
        end: Math.max(e.pos[1], e.pos[0] + 1),
        message: `the quoted string of \`${found!.key}\` goes on to the next line without being indented deeper than \`${found!.key}:\``,
        hint: `indent the continuation of this quoted string deeper than \`${found!.key}:\`, or keep the string on one line${others.length > 0 ? `; the same on line${others.length > 1 ? 's' : ''} ${listLines(others)}` : ''}`,
      },
    ];
  }
  const [first] = errors;
  const tabs = errors.filter((e) => e.code === 'TAB_AS_INDENT' && e !== first);
  const rest = errors.length - 1 - tabs.length;
  const problems: SyntaxProblem[] = [toProblem(first, rest)];
  return [...problems, ...tabs.map((e) => toProblem(e, 0))];
}

function toProblem(error: YAMLError, following: number): SyntaxProblem {
  const tab = error.code === 'TAB_AS_INDENT';
  const hint = tab
    ? 'YAML indentation must use spaces'
    : following > 0
      ? `the reader reports ${following} more error${following === 1 ? '' : 's'} after this one, which may follow from it: fix this one and run again`
      : undefined;
  return { start: error.pos[0], end: Math.max(error.pos[1], error.pos[0] + 1), message: tab ? 'tab used for indentation' : firstLineOf(error.message), hint };
}

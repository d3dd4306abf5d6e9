/** Literal (`|`) and folded (`>`) block scalars, with chomping indicators. */
import { restIsEmpty, StepAside, type FastResult, type Line } from './reader.js';

/** The scalar whose header is at `pos` on line `li`, and the first line after its content. */
export function parseBlockScalar(text: string, lines: Line[], li: number, pos: number, parentIndent: number): { result: FastResult; next: number } {
  const line = lines[li];
  const folded = text[pos] === '>';
  let i = pos + 1;
  const chomp = text[i] === '-' || text[i] === '+' ? text[i++] : '';
  if (i < line.end && text[i] !== ' ') throw new StepAside(); // indentation indicators and the like
  if (!restIsEmpty(text, i, line.end)) throw new StepAside();
  const { contents, next, lastEnd, trailing } = blockLines(text, lines, li + 1, parentIndent);
  const body = folded ? fold(contents) : contents.join('\n');
  let value = body;
  // Kept trailing lines at the end of the text depend on its last line break: rare, left to the general parser.
  if (chomp === '+' && trailing > 0 && next >= lines.length) throw new StepAside();
  if (contents.length === 0) {
    if (trailing > 0 && chomp === '+') throw new StepAside();
    value = '';
  } else if (chomp === '') value = `${body}\n`;
  else if (chomp === '+') value = `${body}\n${'\n'.repeat(trailing)}`;
  // Like the general parser, the scalar's range ends after the line break of its last line.
  const newline = lastEnd > 0 ? text.indexOf('\n', lastEnd) : -1;
  const end = lastEnd === 0 ? i : newline === -1 ? lastEnd : newline + 1;
  return { result: { value, ast: { kind: 'scalar', start: pos, end } }, next };
}

/** The content lines of a block scalar, without their indentation; trailing empty lines counted apart. */
function blockLines(text: string, lines: Line[], from: number, parentIndent: number): { contents: string[]; next: number; lastEnd: number; trailing: number } {
  let contentIndent = -1;
  let leadingBlankIndent = 0;
  const contents: string[] = [];
  let pendingEmpty = 0;
  let lastEnd = 0;
  let li = from;
  for (; li < lines.length; li += 1) {
    const line = lines[li];
    const blank = line.start + line.indent >= line.end;
    if (blank) {
      if (contentIndent === -1) leadingBlankIndent = Math.max(leadingBlankIndent, line.indent);
      else if (line.indent > contentIndent) throw new StepAside(); // spaces kept in a blank line: rare, leave it
      pendingEmpty += 1;
      continue;
    }
    if (contentIndent === -1) {
      if (line.indent <= parentIndent) break;
      if (leadingBlankIndent > line.indent) throw new StepAside();
      contentIndent = line.indent;
    } else if (line.indent < contentIndent) break;
    for (let k = 0; k < pendingEmpty; k += 1) contents.push('');
    pendingEmpty = 0;
    contents.push(text.slice(line.start + contentIndent, line.end));
    lastEnd = line.end;
  }
  if (contentIndent === -1 && li >= lines.length && pendingEmpty > 0) throw new StepAside();
  return { contents, next: li, lastEnd, trailing: pendingEmpty };
}

/** Folding of `>` scalars: a single line break becomes a space, k empty lines become k breaks. */
function fold(contents: string[]): string {
  if (contents.some((c) => c.startsWith(' ') || c.startsWith('\t'))) throw new StepAside(); // more-indented lines keep their breaks
  let out = '';
  let empties = 0;
  let started = false;
  for (const content of contents) {
    if (content === '') {
      empties += 1;
      continue;
    }
    if (!started) out += '\n'.repeat(empties);
    else out += empties > 0 ? '\n'.repeat(empties) : ' ';
    out += content;
    empties = 0;
    started = true;
  }
  return out;
}

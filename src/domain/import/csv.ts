/**
 * An RFC 4180 record reader that keeps exact line numbers and survives bad records: a malformed record becomes
 * one error at its line and the reader goes on with the next. (csv-parse was tried: its line counts drift after a
 * quoted line break, and a bad quote made it lose the records that followed.)
 *
 * Reads UTF-8 text in chunks; accepts LF, CRLF and lone CR line ends, a BOM, quoted fields with commas, doubled
 * quotes and line breaks, and skips empty lines.
 */

export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
}

export interface CsvError {
  line: number;
  reason: string;
}

/** Longer than this, a record is taken for an unclosed quote: refused, and reading resumes on its next line. */
export const MAX_RECORD_CHARS = 1 << 20;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

type Parsed =
  | { kind: 'record'; fields: string[]; end: number; lines: number }
  | { kind: 'error'; reason: string; end: number; lines: number }
  | { kind: 'incomplete' };

/** Parses one record of `text` from `start`; `final` when no more text follows. */
function parseRecord(text: string, start: number, final: boolean): Parsed {
  const fields: string[] = [];
  let i = start;
  let lines = 0;
  let malformed: string | null = null;
  for (;;) {
    // one field
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      let j = from;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) {
          if (!final) return { kind: 'incomplete' };
          // count the lines the open quote swallowed, so that the error names where it starts and reading ends cleanly
          return { kind: 'error', reason: 'a quoted field is never closed', end: text.length, lines: lines + countBreaks(text, from, text.length) };
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(from, q + 1);
          j = from = q + 2;
          continue;
        }
        if (q + 1 >= text.length && !final) return { kind: 'incomplete' };
        value += text.slice(from, q);
        lines += countBreaks(text, i, q);
        i = q + 1;
        break;
      }
      // after the closing quote only a comma or a line end may follow
      const after = text.charCodeAt(i);
      if (i < text.length && after !== COMMA && after !== LF && after !== CR) {
        malformed ??= `a character follows the closing quote of field ${fields.length + 1}`;
        while (i < text.length && text.charCodeAt(i) !== COMMA && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
      }
      fields.push(value);
    } else {
      let j = i;
      while (j < text.length) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR) break;
        if (c === QUOTE) malformed ??= `a quote inside unquoted field ${fields.length + 1}`;
        j++;
      }
      fields.push(text.slice(i, j));
      i = j;
    }
    if (i >= text.length) {
      if (!final) return { kind: 'incomplete' };
      break;
    }
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      continue;
    }
    // a line end: CRLF needs its LF seen before the record can end
    if (c === CR) {
      if (i + 1 >= text.length && !final) return { kind: 'incomplete' };
      i += text.charCodeAt(i + 1) === LF ? 2 : 1;
    } else i++;
    lines++;
    break;
  }
  if (i - start > MAX_RECORD_CHARS) return { kind: 'error', reason: `a record over ${MAX_RECORD_CHARS} characters (an unclosed quote?)`, end: i, lines };
  return malformed ? { kind: 'error', reason: malformed, end: i, lines } : { kind: 'record', fields, end: i, lines };
}

function countBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) n++;
    else if (c === CR && text.charCodeAt(k + 1) !== LF) n++;
  }
  return n;
}

/** Index just past the end of the line `start` is on; -1 when that end has not arrived yet (`done` false). */
function lineEnd(text: string, start: number, done: boolean): number {
  for (let k = start; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) return k + 1;
    if (c === CR) {
      if (k + 1 >= text.length) return done ? k + 1 : -1;
      return text.charCodeAt(k + 1) === LF ? k + 2 : k + 1;
    }
  }
  return done ? text.length : -1;
}

/** Index just past the end of the line that `start` is on (or the text's length). */
function nextLine(text: string, start: number): number {
  for (let k = start; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) return k + 1;
    if (c === CR) return text.charCodeAt(k + 1) === LF ? k + 2 : k + 1;
  }
  return text.length;
}

/**
 * Records and errors of a stream of UTF-8 text chunks, in order. Memory holds one chunk and at most one record
 * of MAX_RECORD_CHARS.
 */
export async function* readCsv(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord | CsvError> {
  let text = '';
  let line = 1;
  let first = true;
  let skipping = false;
  const iterator = chunks[Symbol.asyncIterator]();
  let done = false;
  while (!done) {
    const next = await iterator.next();
    done = Boolean(next.done);
    if (!done) text += next.value as string;
    if (first && text.length) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let at = 0;
    for (;;) {
      // the rest of an over-long line: skipped to its end, however many chunks it spans
      if (skipping) {
        const end = lineEnd(text, at, done);
        if (end === -1) {
          at = text.length;
          break;
        }
        at = end;
        line++;
        skipping = false;
      }
      // empty lines
      while (at < text.length) {
        const c = text.charCodeAt(at);
        if (c === LF) {
          at++;
          line++;
        } else if (c === CR) {
          if (at + 1 >= text.length && !done) break;
          at += text.charCodeAt(at + 1) === LF ? 2 : 1;
          line++;
        } else break;
      }
      if (at >= text.length) break;
      const parsed = parseRecord(text, at, done);
      if (parsed.kind === 'incomplete') {
        if (text.length - at > MAX_RECORD_CHARS) {
          yield { line, reason: `a record over ${MAX_RECORD_CHARS} characters (an unclosed quote?)` };
          skipping = true;
          continue;
        }
        break;
      }
      if (parsed.kind === 'error') {
        yield { line, reason: parsed.reason };
        // a quote never closed swallows the rest: resume on the next line so that the records after it are read
        if (parsed.end >= text.length && done && parsed.reason.startsWith('a quoted field is never closed')) {
          const resume = nextLine(text, at);
          if (resume < text.length) {
            at = resume;
            line++;
            continue;
          }
        }
      } else yield { fields: parsed.fields, line };
      at = parsed.end;
      line += parsed.lines;
    }
    text = text.slice(at);
  }
}

export function isCsvError(item: CsvRecord | CsvError): item is CsvError {
  return (item as CsvError).reason !== undefined;
}

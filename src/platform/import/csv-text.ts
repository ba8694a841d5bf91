// CSV text, pure: the separator and heading row of a file, and a streaming parser that numbers
// each record by the line it starts on. Written by hand because it is on the path of every row
// of large imports, where a general-purpose parser costs several times more.

export type Delimiter = ',' | ';' | '\t';

/**
 * The separator of a CSV file, from its heading row: comma, semicolon (Excel's choice where the
 * comma is the decimal mark) or tab, whichever appears most outside quotes; comma on a tie.
 */
export function detectDelimiter(headingRow: string): Delimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of headingRow) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === ',' || char === ';' || char === '\t')) counts[char]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

/** Where the heading row of CSV text ends (the first line break outside quotes), or -1 if it has not yet. */
export function headingRowEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) return i;
  }
  return -1;
}

/** Headings as a person can point at them: trimmed, and "Column 3" for one left blank. */
export function cleanHeadings(cells: readonly string[]): string[] {
  return cells.map((cell, i) => cell.replace(/^\uFEFF/, '').replace(/\s+/g, ' ').trim() || `Column ${i + 1}`);
}

export type CsvRecord = { line: number; cells: string[] };

/** The text breaks the rules of CSV at `line`; what follows cannot be read reliably. */
export class CsvSyntaxError extends Error {
  /** unclosed-quote: a quoted value never ends (line is where its record starts); closing-quote: a quoted value is followed by something other than a separator. */
  readonly code: 'unclosed-quote' | 'closing-quote';
  readonly line: number;
  constructor(code: CsvSyntaxError['code'], line: number) {
    super(code === 'unclosed-quote' ? `A quoted value starting on line ${line} is never closed` : `A closing quotation mark on line ${line} is not followed by a separator`);
    this.code = code;
    this.line = line;
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** Inside a quoted value, just after a quotation mark: the end of the value, or the first of two. */
const QUOTE_SEEN = 3;

/**
 * Parses CSV text given in pieces of any size (RFC 4180): values in double quotes may hold the
 * separator, line breaks and doubled quotes; a quote inside an unquoted value is kept as it is;
 * records end with CRLF, LF or CR; a leading byte-order mark is dropped. Every record is given,
 * blank ones too (as one empty value), with the line it starts on, counting the line breaks
 * inside quoted values.
 */
export class CsvParser {
  readonly #delimiter: number;
  #state = FIELD_START;
  #cells: string[] = [];
  #field = '';
  /** The line the parser is on. */
  #line = 1;
  #recordLine = 1;
  /** The last piece ended with a CR that ended a record: an LF starting the next piece belongs to it. */
  #recordCr = false;
  /** The last piece ended with a CR inside a quoted value: an LF starting the next piece is not another line. */
  #quotedCr = false;
  #started = false;

  constructor(delimiter: Delimiter = ',') {
    this.#delimiter = delimiter.charCodeAt(0);
  }

  /** The records completed by this piece of text. */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    const n = text.length;
    const delimiter = this.#delimiter;
    let i = 0;
    if (!this.#started && n > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (this.#recordCr && i < n) {
      if (text.charCodeAt(i) === LF) i++;
      this.#recordCr = false;
    }
    let state = this.#state;
    let cells = this.#cells;
    let field = this.#field;
    while (i < n) {
      if (state === FIELD_START) {
        if (text.charCodeAt(i) === QUOTE) {
          state = QUOTED;
          i++;
          continue;
        }
        state = UNQUOTED;
      }
      if (state === UNQUOTED) {
        let j = i;
        let c = 0;
        while (j < n) {
          c = text.charCodeAt(j);
          if (c === delimiter || c === LF || c === CR) break;
          j++;
        }
        field = field === '' ? text.slice(i, j) : field + text.slice(i, j);
        // The value goes on into the next piece.
        if (j === n) break;
        cells.push(field);
        field = '';
        state = FIELD_START;
        if (c !== delimiter) {
          out.push({ line: this.#recordLine, cells });
          cells = [];
          this.#line++;
          this.#recordLine = this.#line;
          if (c === CR) {
            if (j + 1 < n) {
              if (text.charCodeAt(j + 1) === LF) j++;
            } else this.#recordCr = true;
          }
        }
        i = j + 1;
        continue;
      }
      if (state === QUOTED) {
        const j = text.indexOf('"', i);
        const end = j === -1 ? n : j;
        if (end > i) {
          const part = text.slice(i, end);
          this.#countBreaks(part);
          field += part;
        }
        if (j === -1) break;
        this.#quotedCr = false;
        state = QUOTE_SEEN;
        i = j + 1;
        continue;
      }
      // QUOTE_SEEN
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        field += '"';
        state = QUOTED;
        i++;
      } else if (c === delimiter) {
        cells.push(field);
        field = '';
        state = FIELD_START;
        i++;
      } else if (c === LF || c === CR) {
        cells.push(field);
        field = '';
        state = FIELD_START;
        out.push({ line: this.#recordLine, cells });
        cells = [];
        this.#line++;
        this.#recordLine = this.#line;
        if (c === CR) {
          if (i + 1 < n) {
            if (text.charCodeAt(i + 1) === LF) i++;
          } else this.#recordCr = true;
        }
        i++;
      } else {
        this.#state = state;
        throw new CsvSyntaxError('closing-quote', this.#line);
      }
    }
    this.#state = state;
    this.#cells = cells;
    this.#field = field;
    return out;
  }

  /** The last record, if the text did not end with a line break; refuses a quoted value left open. */
  end(): CsvRecord[] {
    if (this.#state === QUOTED) throw new CsvSyntaxError('unclosed-quote', this.#recordLine);
    const open = this.#state !== FIELD_START || this.#cells.length > 0;
    if (!open) return [];
    this.#cells.push(this.#field);
    const record = { line: this.#recordLine, cells: this.#cells };
    this.#cells = [];
    this.#field = '';
    this.#state = FIELD_START;
    return [record];
  }

  /** Counts the line breaks inside a quoted value (CRLF once, even split between pieces). */
  #countBreaks(part: string): void {
    let at = 0;
    if (this.#quotedCr && part.charCodeAt(0) === LF) at = 1;
    this.#quotedCr = false;
    if (part.indexOf('\n', at) === -1 && part.indexOf('\r', at) === -1) return;
    for (; at < part.length; at++) {
      const c = part.charCodeAt(at);
      if (c === LF) this.#line++;
      else if (c === CR) {
        this.#line++;
        if (at + 1 < part.length) {
          if (part.charCodeAt(at + 1) === LF) at++;
        } else this.#quotedCr = true;
      }
    }
  }
}

// RFC 4180 CSV: fields quoted when they hold a comma, quote, CR or LF; quotes doubled; CRLF between
// records. Written with a UTF-8 byte order mark, without which Excel reads Vietnamese as mojibake.
// Cells are inert (OWASP, "CSV Injection"): a spreadsheet runs a cell starting with =, +, -, @, TAB or CR
// as a formula (=HYPERLINK("http://…"&A1), +cmd|' /C calc'!A0), so such a cell gets a leading single
// quote, which spreadsheets take as "this is text" and do not show, and is quoted. Plain numbers
// ("-3.25") stay numbers. A cell already starting with quotes before such a character gets one more, so
// removing one leading quote (readFormulaSafe) always gives back the original.

export const BOM = '\uFEFF';

const FORMULA = /^'*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/** The text a spreadsheet will show rather than run: "'=1+1" for "=1+1"; anything else unchanged. */
export function formulaSafe(v: string): string {
  return FORMULA.test(v) && !PLAIN_NUMBER.test(v) ? `'${v}` : v;
}

/** Inverse of formulaSafe, for readers of CSV we wrote. */
export function readFormulaSafe(v: string): string {
  return v.startsWith("'") && FORMULA.test(v) && FORMULA.test(v.slice(1)) ? v.slice(1) : v;
}

function field(v: string): string {
  const t = formulaSafe(v);
  return t !== v || /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

export function toCsv(records: readonly (readonly string[])[]): string {
  return BOM + records.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

/** Parses RFC 4180 text (a leading BOM is ignored; CRLF or LF line ends). Throws on a stray quote. */
export function parseCsv(text: string): string[][] {
  const s = text.startsWith(BOM) ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let cur = '';
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  while (i < s.length) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cur += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
        if (i < s.length && !/[,\r\n]/.test(s[i]!)) throw new Error(`CSV: text after a closing quote at ${i}`);
      } else {
        cur += ch;
        i++;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i++;
    } else if (ch === '"') {
      throw new Error(`CSV: quote inside an unquoted field at ${i}`);
    } else if (ch === ',') {
      record.push(cur);
      cur = '';
      fieldStarted = false;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      record.push(cur);
      records.push(record);
      record = [];
      cur = '';
      fieldStarted = false;
      i += ch === '\r' && s[i + 1] === '\n' ? 2 : 1;
    } else {
      cur += ch;
      fieldStarted = true;
      i++;
    }
  }
  if (quoted) throw new Error('CSV: unterminated quoted field');
  if (fieldStarted || record.length > 0) {
    record.push(cur);
    records.push(record);
  }
  return records;
}

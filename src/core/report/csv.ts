// RFC 4180 CSV: fields quoted when they hold a comma, quote, CR or LF; quotes doubled; CRLF between
// records. Written with a UTF-8 byte order mark, without which Excel reads Vietnamese as mojibake.

export const BOM = '\uFEFF';

function field(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
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

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** What Excel and Sheets run as a formula when a CSV cell starts with it. */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A cell as CSV may hold it without a spreadsheet running it: text that starts like a formula gets a leading
 * apostrophe (OWASP's CSV injection advice), and so does text that already starts with one, so it reads back
 * exactly. Plain numbers (-5) stay as they are.
 */
export function escapeFormula(value: string): string {
  if (PLAIN_NUMBER.test(value)) return value;
  if (FORMULA_START.test(value) || (value.startsWith("'") && FORMULA_START.test(value.slice(1)))) return `'${value}`;
  return value;
}

/** The cell escapeFormula was given. */
export function unescapeFormula(value: string): string {
  return value.startsWith("'") && (FORMULA_START.test(value.slice(1)) || (value[1] === "'" && FORMULA_START.test(value.slice(2))))
    ? value.slice(1)
    : value;
}

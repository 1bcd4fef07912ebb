export type Severity = 'error' | 'warning';

/**
 * One thing wrong with the sheet, pointing at the cell as Sheets shows it (`E7`).
 * row/column/cell are null only for sheet-wide problems (no header row, a missing column).
 */
export interface Problem {
  sheet: string;
  row: number | null;
  column: string | null;
  cell: string | null;
  severity: Severity;
  message: string;
}

/**
 * Messages quote at most this much of a cell: a cell holds up to 50,000 characters, and a problem repeats what it
 * quotes in the list, the note on the cell and the CLI's output.
 */
export const QUOTED_CHARS = 100;

/** The first 100 characters and an ellipsis; never half of a surrogate pair (an emoji cut in two shows broken). */
function cut(text: string): string {
  const end = /[\uD800-\uDBFF]/.test(text[QUOTED_CHARS - 1] ?? '') ? QUOTED_CHARS - 1 : QUOTED_CHARS;
  return `${text.slice(0, end)}…`;
}

function fullLength(text: string): string {
  return `(${text.length.toLocaleString('en-US')} characters)`;
}

/** A cell's text for a message: as it is, or its first 100 characters, an ellipsis and its full length. */
export function excerpt(text: string): string {
  return text.length <= QUOTED_CHARS ? text : `${cut(text)} ${fullLength(text)}`;
}

/** The same in double quotes: `"text"`, or `"its first 100 characters…" (50,000 characters)`. */
export function quoted(text: string): string {
  return text.length <= QUOTED_CHARS ? `"${text}"` : `"${cut(text)}" ${fullLength(text)}`;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** "A" for 0, "Z" for 25, "AA" for 26: the letters Sheets puts above a column. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** 0 for "A", 26 for "AA": the inverse of columnLetter. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const letter of letters) n = n * 26 + (letter.charCodeAt(0) - 64);
  return n - 1;
}

export function cellProblem(sheet: string, rowIndex: number, columnIndex: number, severity: Severity, message: string): Problem {
  const column = columnLetter(columnIndex);
  const row = rowIndex + 1;
  return { sheet, row, column, cell: `${column}${row}`, severity, message };
}

export function sheetProblem(sheet: string, severity: Severity, message: string): Problem {
  return { sheet, row: null, column: null, cell: null, severity, message };
}

/** Where a problem is, as Sheets names it: `Tracking Plan!E7`, or the sheet alone for a sheet-wide problem. */
export function problemPlace(p: Problem): string {
  return p.cell ? `${p.sheet}!${p.cell}` : p.sheet;
}

/** "Tracking Plan!E7 error: message" — the form used in dialogs, CLI output and notes. */
export function formatProblem(p: Problem): string {
  return `${problemPlace(p)} ${p.severity}: ${p.message}`;
}

/**
 * Each problem once: a group's property is in every event that includes it, and what is wrong with it is said once
 * at its cell, not once per event.
 */
export function uniqueProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.sheet}\u0000${p.cell ?? ''}\u0000${p.row ?? ''}\u0000${p.severity}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Problems in the order of the sheet: sheet-wide first, then by row, then by column. */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort(byPosition);
}

function byPosition(a: Problem, b: Problem): number {
  if (a.row === null || b.row === null) return (a.row === null ? 0 : 1) - (b.row === null ? 0 : 1);
  if (a.row !== b.row) return a.row - b.row;
  const ac = a.column ?? '';
  const bc = b.column ?? '';
  return ac.length - bc.length || (ac < bc ? -1 : ac > bc ? 1 : 0);
}

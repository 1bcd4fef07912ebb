/** What an imported or restored plan's rows must fit: Sheets holds at most 50,000 characters in a cell. */

/** Sheets' limit for one cell. */
export const MAX_CELL_CHARS = 50_000;

/** Each cell too long for Sheets, named by its row, column and event. */
export function overlongCells(rows: readonly (string | number | boolean)[][]): string[] {
  const header = rows[0].map(String);
  const eventColumn = header.indexOf('Event Name');
  const found: string[] = [];
  let event = '';
  rows.forEach((row, r) => {
    if (r > 0 && eventColumn >= 0 && row[eventColumn]) event = String(row[eventColumn]);
    row.forEach((cell, c) => {
      // Text is written after an apostrophe (so it stays text): count it.
      if (typeof cell === 'string' && cell.length + 1 > MAX_CELL_CHARS) {
        found.push(
          `  • row ${r + 1}, ${header[c]}${event ? ` (event "${event}")` : ''}: ${cell.length.toLocaleString('en-US')} characters`,
        );
      }
    });
  });
  return found;
}

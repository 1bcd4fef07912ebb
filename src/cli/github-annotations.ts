/**
 * Problems as GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`), which the runner turns
 * into annotations on the pull request's files. A CSV is text, so a problem points at its line and column there;
 * an .xlsx is not, so the file alone is named and the sheet and cell lead the message.
 */
import { columnIndex, problemPlace, type Problem } from '../plan/problems';
import type { CsvCellPlaces } from '../workbook/csv';

/** Where the problems' file is, and for a CSV where each cell is in it (rows and lines differ after a multi-line cell). */
export interface AnnotatedFile {
  path: string;
  csvCells: CsvCellPlaces | null;
}

export function githubAnnotations(problems: readonly Problem[], file: AnnotatedFile): string[] {
  return problems.map((p) => {
    const properties = [`file=${escapeProperty(file.path)}`];
    let message = p.message;
    if (file.csvCells) {
      // GitHub reads col as a character in the line: where the cell starts (a row-wide problem, its first cell).
      const place = p.row === null ? null : file.csvCells.at(p.row - 1, p.column === null ? 0 : columnIndex(p.column));
      if (place) properties.push(`line=${place.line}`);
      if (place && p.column !== null) properties.push(`col=${place.col}`);
    } else {
      message = `${problemPlace(p)}: ${p.message}`;
    }
    return `::${p.severity} ${properties.join(',')}::${escapeData(message)}`;
  });
}

/** A command's message: `%`, CR and LF would end or garble the command (as @actions/core escapes them). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command's property value: also `:` and `,`, which separate the properties from the message and each other. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

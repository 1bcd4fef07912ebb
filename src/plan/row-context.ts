/**
 * The sheet being read and one row of it: cells by column, and problems reported at their cell, so the readers
 * take a row instead of threading the row index, the column map and the problem list through every call.
 */
import { CellValue, cellText, containsEmoji, isBlank } from './cell-values';
import { COLUMN_BY_KEY, ColumnKey } from './columns';
import { cellProblem, columnLetter, Problem, quoted, Severity } from './problems';

export type ColumnMap = Partial<Record<ColumnKey, number>>;

/** A column whose cells become labels (Importer Settings: Label Columns): `Owner` holding `growth-team` is `owner:growth-team`. */
export interface LabelColumn {
  column: number;
  key: string;
  header: string;
}

/** Further columns that mean a mapped column (Allowed Property Values beside Enum Values), by key. */
export type ColumnAlternates = Partial<Record<ColumnKey, number[]>>;

/** What the header row says about the columns. */
export interface SheetLayout {
  columns: ColumnMap;
  /** Each mapped column's header as the analyst wrote it: messages name it (a Status column read as Required). */
  headers: Partial<Record<ColumnKey, string>>;
  labelColumns: LabelColumn[];
  alternates: ColumnAlternates;
  /** The alternates' headers as the analyst wrote them, by column index. */
  alternateHeaders: Record<number, string>;
  /** A column saying the property is a list of its type (Amplitude's Property Is Array, Avo's Is List). */
  listFlag?: { column: number; header: string };
  /** The column naming the sources a row is for (Sources, Platforms): blank means every source. */
  sources?: { column: number; header: string };
}

const NO_CELLS: readonly CellValue[] = [];

export class SheetCells {
  readonly problems: Problem[] = [];
  /** The columns the header maps, with their index: a row's loop over its cells skips the unmapped ones. */
  readonly mapped: readonly (readonly [ColumnKey, number])[];

  readonly columns: ColumnMap;
  readonly headers: Partial<Record<ColumnKey, string>>;
  readonly labelColumns: readonly LabelColumn[];
  readonly alternates: ColumnAlternates;
  /** The alternates as a list, made once: every row checks them, and most sheets have none. */
  readonly alternateEntries: readonly (readonly [ColumnKey, readonly number[]])[];
  readonly alternateHeaders: Readonly<Record<number, string>>;
  readonly listFlag: SheetLayout['listFlag'];
  readonly sources: SheetLayout['sources'];

  constructor(
    readonly values: readonly (readonly CellValue[])[],
    readonly sheet: string,
    layout: Partial<SheetLayout> & Pick<SheetLayout, 'columns'>,
  ) {
    this.columns = layout.columns;
    this.headers = layout.headers ?? {};
    this.labelColumns = layout.labelColumns ?? [];
    this.alternates = layout.alternates ?? {};
    this.alternateEntries = Object.entries(this.alternates) as [ColumnKey, number[]][];
    this.alternateHeaders = layout.alternateHeaders ?? {};
    this.listFlag = layout.listFlag;
    this.sources = layout.sources;
    const columns = this.columns;
    // A column serving two keys (one Description for events and properties) is one cell to check, not two.
    const seen = new Set<number>();
    const mapped: (readonly [ColumnKey, number])[] = [];
    for (const [key, column] of Object.entries(columns) as [ColumnKey, number | undefined][]) {
      if (column === undefined || seen.has(column)) continue;
      seen.add(column);
      mapped.push([key, column]);
    }
    // An alternate's cell fills a row as its column's does.
    for (const [key, more] of this.alternateEntries) for (const c of more) mapped.push([key, c]);
    this.mapped = mapped;
  }

  row(index: number): RowCells {
    return new RowCells(this, index, this.values[index] ?? NO_CELLS);
  }

  has(key: ColumnKey): boolean {
    return this.columns[key] !== undefined;
  }

  /** Whether one column serves both keys (a plain Description on event rows and property rows). */
  shared(a: ColumnKey, b: ColumnKey): boolean {
    return this.columns[a] !== undefined && this.columns[a] === this.columns[b];
  }

  /** The column's header as the sheet writes it (or, with `asWritten` false, the template's). */
  header(key: ColumnKey, asWritten = true): string {
    return (asWritten ? this.headers[key] : undefined) ?? COLUMN_BY_KEY.get(key)?.header ?? key;
  }

  /** The header of column `c`, which holds `key` (itself or as an alternate). */
  headerAt(c: number, key: ColumnKey): string {
    return this.alternateHeaders[c] ?? this.header(key);
  }

  add(r: number, c: number, severity: Severity, message: string): void {
    this.problems.push(cellProblem(this.sheet, r, c, severity, message));
  }
}

export class RowCells {
  constructor(
    private readonly sheet: SheetCells,
    /** 0-based index in the values. */
    readonly index: number,
    private readonly cells: readonly CellValue[],
  ) {}

  /** The row number Sheets shows. */
  get number(): number {
    return this.index + 1;
  }

  /** The column a key's value is read from: its own, or where that is blank, the first filled alternate. */
  column(key: ColumnKey): number | undefined {
    const c = this.sheet.columns[key];
    const more = this.sheet.alternates[key];
    if (c === undefined || more === undefined || !isBlank(this.cells[c])) return c;
    return more.find((m) => !isBlank(this.cells[m])) ?? c;
  }

  cell(key: ColumnKey): CellValue {
    const c = this.column(key);
    return c === undefined ? '' : this.cells[c];
  }

  /**
   * Columns meaning one thing are merged row by row; a filled cell differing from the first filled one is an error
   * at it, as the analyst must say which value is meant.
   */
  checkAlternates(): void {
    for (const [key, more] of this.sheet.alternateEntries) {
      const first = this.column(key);
      if (first === undefined || isBlank(this.cells[first])) continue;
      const kept = cellText(this.cells[first]).trim();
      for (const c of [this.sheet.columns[key] ?? first, ...more]) {
        const text = cellText(this.cells[c]).trim();
        if (c === first || !text || text === kept) continue;
        this.sheet.add(
          this.index,
          c,
          'error',
          `${this.sheet.headerAt(c, key)} ${quoted(text)} differs from ${this.sheet.headerAt(first, key)} ${quoted(kept)} (column ${columnLetter(first)}) on this row, and both mean ${this.sheet.header(key, false)}. Keep one value, or clear one of the cells.`,
        );
      }
    }
  }

  text(key: ColumnKey): string {
    return cellText(this.cell(key));
  }

  blank(key: ColumnKey): boolean {
    return isBlank(this.cell(key));
  }

  has(key: ColumnKey): boolean {
    return this.sheet.has(key);
  }

  /** The column's header as the analyst wrote it (of the alternate the value comes from), for messages. */
  header(key: ColumnKey): string {
    const c = this.column(key);
    return c === undefined ? this.sheet.header(key) : this.sheet.headerAt(c, key);
  }

  shared(a: ColumnKey, b: ColumnKey): boolean {
    return this.sheet.shared(a, b);
  }

  get listFlag(): SheetLayout['listFlag'] {
    return this.sheet.listFlag;
  }

  get sources(): SheetLayout['sources'] {
    return this.sheet.sources;
  }

  get labelColumns(): readonly LabelColumn[] {
    return this.sheet.labelColumns;
  }

  /** An error at this row's cell in a column no ColumnKey names (a Label Columns column). */
  errorAt(column: number, message: string, severity: Severity = 'error'): void {
    this.sheet.add(this.index, column, severity, message);
  }

  /** The columns the header maps, with their index. */
  get mapped(): readonly (readonly [ColumnKey, number])[] {
    return this.sheet.mapped;
  }

  /** The cell at a column index (from `mapped`). */
  at(column: number): CellValue {
    return this.cells[column];
  }

  /** A problem at this row's cell in the column; without the column, at the row. */
  report(key: ColumnKey, severity: Severity, said: string): void {
    const c = this.column(key);
    const message = inAnalystWords(said, key, c === undefined ? undefined : this.sheet.headerAt(c, key));
    if (c === undefined)
      this.sheet.problems.push({ ...cellProblem(this.sheet.sheet, this.index, 0, severity, message), column: null, cell: null });
    else this.sheet.add(this.index, c, severity, message);
  }

  error(key: ColumnKey, message: string): void {
    this.report(key, 'error', message);
  }

  warning(key: ColumnKey, message: string): void {
    this.report(key, 'warning', message);
  }

  /** Segment rejects emoji anywhere in a plan's schemas: an error at the cell. */
  checkText(key: ColumnKey, header: string, text: string): void {
    if (containsEmoji(text)) this.error(key, `${header} contains an emoji, which Segment rejects in tracking plans. Remove it.`);
  }
}

/**
 * A cell's message names its column first ("Required … is not understood"): the analyst reads the header they wrote
 * ("Status …"), not the template's name for it.
 */
function inAnalystWords(message: string, key: ColumnKey, header: string | undefined): string {
  const ours = COLUMN_BY_KEY.get(key)?.header;
  if (header === undefined || ours === undefined || header === ours || !message.startsWith(`${ours} `)) return message;
  return `${header}${message.slice(ours.length)}`;
}

/** The problems of a run, marked on their cells: a fill and a note each, last run's marks removed. */
import { columnIndex, columnLetter, Problem } from '../plan/problems';
import type { SheetValues } from './spreadsheet';

/** Notes the add-on writes start with this, so it can remove its own notes and leave the analyst's. */
const NOTE_PREFIX = 'Segment: ';
const ERROR_BACKGROUND = '#f4cccc';
const WARNING_BACKGROUND = '#fff2cc';

/**
 * Replaces the previous run's highlights and notes on a sheet with this run's problems: two reads, one notes
 * write, and one fill write per colour, whatever the size of the sheet. Only the fills of cells this add-on
 * marks or unmarks are written: writing the whole range back would turn every unfilled cell white (Sheets
 * reports "no fill" as #ffffff) and hide alternating colours and table styling.
 */
export function markProblems(read: SheetValues, problems: readonly Problem[]): void {
  const properties = PropertiesService.getDocumentProperties();
  // Rows cleared since the last run fall outside the data range just read; their marks must go too. Rows and
  // columns deleted since then no longer exist: the grid bounds what can be read.
  const previous = markedExtent(properties.getProperty(extentKey(read.name)));
  const sheet = read.sheet;
  const rows = Math.min(Math.max(read.values.length, previous[0], 1), sheet.getMaxRows());
  const columns = Math.min(Math.max(read.values[0]?.length ?? 0, previous[1], 1), sheet.getMaxColumns());
  // Only this sheet's: Validate's list holds Property Groups' problems beside the plan's.
  const marks = remark(
    sheet,
    1,
    rows,
    columns,
    problems.filter((p) => p.sheet === read.name),
  );
  if (marks) properties.setProperty(extentKey(read.name), `${marks.extent[0]},${marks.extent[1]}`);
}

/**
 * Replaces the marks on rows `firstRow` … `firstRow + rows - 1` only (an edit's rows), as markProblems would with
 * the problems of those rows: the same notes and fills, the analyst's own kept.
 */
export function markRows(
  sheet: Sheet,
  name: string,
  firstRow: number,
  rows: number,
  columns: number,
  problems: readonly Problem[],
  /** What the caller has already, each a call fewer: the rows' range, `columns` wide; the document properties. */
  known: { range?: Range; properties?: Readonly<Record<string, string>> } = {},
): void {
  const key = extentKey(name);
  const previous = markedExtent(
    known.properties ? (known.properties[key] ?? null) : PropertiesService.getDocumentProperties().getProperty(key),
  );
  // `columns` lies within the grid (the caller read that many): only a wider past extent needs the grid's bound.
  const wanted = Math.max(columns, previous[1], 1);
  const width = wanted <= Math.max(columns, 1) ? wanted : Math.min(wanted, sheet.getMaxColumns());
  const marks = remark(
    sheet,
    firstRow,
    rows,
    width,
    problems.filter((p) => p.sheet === name),
    width === columns ? known.range : undefined,
  );
  if (!marks) return;
  const extent = [Math.max(previous[0], marks.extent[0] && firstRow - 1 + marks.extent[0]), Math.max(previous[1], marks.extent[1])];
  if (extent[0] !== previous[0] || extent[1] !== previous[1]) PropertiesService.getDocumentProperties().setProperty(key, extent.join(','));
}

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;

const extentKey = (name: string) => `segment.marked.${name}`;

/** The rows and columns the last run marked, so marks on rows cleared since then are found. */
function markedExtent(stored: string | null): [number, number] {
  const [rows, columns] = (stored ?? '0,0').split(',').map(Number);
  return [rows || 0, columns || 0];
}

/** Two reads, one notes write and one fill write per colour over the range; null when nothing changed. */
function remark(sheet: Sheet, firstRow: number, rows: number, columns: number, problems: readonly Problem[], given?: Range): Marks | null {
  const range = given ?? sheet.getRange(firstRow, 1, rows, columns);
  const marks = new Marks(range.getBackgrounds(), range.getNotes(), firstRow - 1);
  marks.clearOurs();
  for (const p of problems) {
    if (p.row !== null && p.column !== null) marks.mark(p.row - firstRow, columnIndex(p.column), p.severity, p.message);
  }
  if (!marks.changed) return null;
  range.setNotes(marks.notes);
  for (const [color, cells] of marks.fillChanges()) sheet.getRangeList(cells).setBackground(color);
  return marks;
}

const UNFILLED = '#ffffff';
const KEPT_FILL = 'Fill before marking: ';
const KEPT_NOTE = '\n\nYour note:\n';

/** A note this add-on wrote: its problem lines, and what the cell had before (fill, the analyst's own note). */
interface OurNote {
  lines: string[];
  fill: string | null;
  own: string;
}

function parseOurNote(note: string): OurNote | null {
  if (!note.startsWith(NOTE_PREFIX)) return null;
  const at = note.indexOf(KEPT_NOTE);
  const own = at < 0 ? '' : note.slice(at + KEPT_NOTE.length);
  const lines = (at < 0 ? note : note.slice(0, at)).slice(NOTE_PREFIX.length).split('\n');
  const fill = lines[lines.length - 1]?.startsWith(KEPT_FILL) ? (lines.pop() as string).slice(KEPT_FILL.length) : null;
  return { lines, fill, own };
}

function formatOurNote(note: OurNote): string {
  const fill = note.fill ? `\n${KEPT_FILL}${note.fill}` : '';
  return `${NOTE_PREFIX}${note.lines.join('\n')}${fill}${note.own ? `${KEPT_NOTE}${note.own}` : ''}`;
}

/** This run's notes and fills over the marked range, and which fills change. */
class Marks {
  changed = false;
  extent: [number, number] = [0, 0];
  /** "row,column" → the fill the cell should end with (null: none). */
  private readonly fills = new Map<string, string | null>();
  /** What a cell had before the add-on marked it, found in last run's note. */
  private readonly before = new Map<string, OurNote>();
  private readonly marked = new Map<string, OurNote>();

  constructor(
    private readonly backgrounds: string[][],
    readonly notes: string[][],
    /** The sheet row (0-based) of the arrays' first row, for the A1 of fill changes. */
    private readonly rowOffset = 0,
  ) {}

  private fill(r: number, c: number): string {
    return (this.backgrounds[r][c] ?? UNFILLED).toLowerCase();
  }

  private ours(fill: string): boolean {
    return fill === ERROR_BACKGROUND || fill === WARNING_BACKGROUND;
  }

  /** Removes last run's marks, putting back the analyst's own note and fill. */
  clearOurs(): void {
    this.notes.forEach((row, r) =>
      row.forEach((note, c) => {
        const old = parseOurNote(note);
        if (!old) return;
        this.before.set(`${r},${c}`, old);
        row[c] = old.own;
        if (this.ours(this.fill(r, c))) this.fills.set(`${r},${c}`, old.fill);
        this.changed = true;
      }),
    );
  }

  mark(r: number, c: number, severity: Problem['severity'], message: string): void {
    if (r < 0 || r >= this.notes.length || c >= this.notes[r].length) return;
    const key = `${r},${c}`;
    let note = this.marked.get(key);
    if (!note) {
      const fill = this.fill(r, c);
      const kept = this.before.get(key)?.fill ?? (fill === UNFILLED || this.ours(fill) ? null : fill);
      note = { lines: [], fill: kept, own: this.notes[r][c] };
      this.marked.set(key, note);
    }
    note.lines.push(`${severity === 'error' ? 'Error' : 'Warning'}: ${message}`);
    this.notes[r][c] = formatOurNote(note);
    // An error outranks a warning on the same cell.
    const error = severity === 'error' || (note.lines.length > 1 && this.fills.get(key) === ERROR_BACKGROUND);
    this.fills.set(key, error ? ERROR_BACKGROUND : WARNING_BACKGROUND);
    this.extent = [Math.max(this.extent[0], r + 1), Math.max(this.extent[1], c + 1)];
    this.changed = true;
  }

  /** The cells whose fill changes, in A1 runs per row, grouped by their new fill. */
  fillChanges(): Map<string | null, string[]> {
    const byColor = new Map<string | null, string[]>();
    const sorted = [...this.fills.entries()]
      .map(([key, color]) => [...key.split(',').map(Number), color] as [number, number, string | null])
      .filter(([r, c, color]) => (color ?? UNFILLED) !== this.fill(r, c))
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let i = 0; i < sorted.length;) {
      const [r, c, color] = sorted[i];
      let end = i + 1;
      while (end < sorted.length && sorted[end][0] === r && sorted[end][1] === c + (end - i) && sorted[end][2] === color) end++;
      const row = r + 1 + this.rowOffset;
      const a1 = `${columnLetter(c)}${row}` + (end - i > 1 ? `:${columnLetter(c + end - i - 1)}${row}` : '');
      const cells = byColor.get(color);
      if (cells) cells.push(a1);
      else byColor.set(color, [a1]);
      i = end;
    }
    return byColor;
  }
}

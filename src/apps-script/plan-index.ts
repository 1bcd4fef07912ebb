/**
 * What live validation reads on every row of the Tracking Plan, kept between edits: the first rows whole (where the
 * header is found) and five cells of each row below (Event Type, Event Name, Property Name, Property Type, Version).
 * Read from the sheet, that is ten Sheets calls per keystroke on a long plan; from the document cache, none.
 *
 * The cached copy is trusted only for the plan revision it was stored at: every edit moves the revision on and stores
 * the copy again with the rows it read, and whatever changes the sheet without an onEdit (inserted, deleted, moved or
 * sorted rows: the installable onChange trigger; the add-on's own writes) moves the revision without storing, so the
 * next edit reads the sheet again. Importer Settings ride along (without the token), for the same reason.
 */
import { type CellValue, isDateLike } from '../plan/cell-values';
import type { ColumnKey } from '../plan/columns';
import { HEADER_SEARCH_ROWS, readHeader } from '../plan/header';
import { parseImporterSettings, SettingsResult } from '../plan/settings';
import { utf8Length } from '../segment/public-api-client';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** The columns read on every row: enough to group rows into events and to run the plan-wide checks. */
const KEY_COLUMNS: readonly ColumnKey[] = ['eventType', 'eventName', 'propertyName', 'propertyType', 'version'];

/** The first rows whole, and five cells of each row below them. */
export interface PlanIndex {
  /** The first rows (where the header is found), whole. */
  head: CellValue[][];
  /** 0-based index of the header row, null without one. */
  header: number | null;
  lastRow: number;
  width: number;
  /** Each key column the header names (0-based index) and its values on the rows below `head`. */
  keys: Map<number, CellValue[]>;
  eventColumns: number[];
  propertyColumn: number | undefined;
  nameColumn: number | undefined;
  typeColumn: number | undefined;
  /** The Property Description column. */
  description: number | undefined;
  /** How the cached copy it came from is cut, and which of its chunks rows taken since then fall in. */
  stored?: { perChunk: number; touched: Set<number> };
}

/** The key columns the header names, with their alternates (Data Type beside Property Type), in sheet order. */
function keyColumns(head: CellValue[][], sheetName: string) {
  const found = readHeader(head, sheetName, []);
  const columns = found?.columns ?? {};
  const alternates = found?.alternates ?? {};
  const wanted = KEY_COLUMNS.flatMap((k) => (columns[k] === undefined ? [] : [columns[k], ...(alternates[k] ?? [])])).sort((a, b) => a - b);
  return { found, columns, wanted };
}

function indexOf(head: CellValue[][], sheetName: string, lastRow: number, width: number, keys: Map<number, CellValue[]>): PlanIndex {
  const { found, columns } = keyColumns(head, sheetName);
  return {
    head,
    header: found ? found.row : null,
    lastRow,
    width,
    keys,
    eventColumns: [columns.eventName, columns.eventType].filter((c): c is number => c !== undefined),
    propertyColumn: columns.propertyName,
    nameColumn: columns.eventName,
    typeColumn: columns.eventType,
    description: columns.propertyDescription,
  };
}

/** Reads the index from the sheet: the first rows whole, then one call per run of adjacent key columns. */
export function indexFromSheet(sheet: Sheet, sheetName: string): PlanIndex {
  const lastRow = sheet.getLastRow();
  const width = Math.max(1, sheet.getLastColumn());
  const headRows = Math.min(HEADER_SEARCH_ROWS, lastRow);
  const head = headRows > 0 ? (sheet.getRange(1, 1, headRows, width).getValues() as CellValue[][]) : [];
  const { wanted } = keyColumns(head, sheetName);
  const keys = new Map<number, CellValue[]>(wanted.map((c) => [c, []]));
  if (lastRow > headRows) {
    for (const [from, count] of runs(wanted)) {
      const read = sheet.getRange(headRows + 1, from + 1, lastRow - headRows, count).getValues() as CellValue[][];
      for (let j = 0; j < count; j++)
        keys.set(
          from + j,
          read.map((cells) => cells[j]),
        );
    }
  }
  return indexOf(head, sheetName, lastRow, width, keys);
}

/** The index of a sheet read whole (Validate plan, a header edit), without another call. */
export function indexFromValues(values: CellValue[][], sheetName: string): PlanIndex {
  const head = values.slice(0, HEADER_SEARCH_ROWS);
  const width = Math.max(1, ...head.map((r) => r.length));
  const { wanted } = keyColumns(head, sheetName);
  const rest = values.slice(head.length);
  return indexOf(head, sheetName, values.length, width, new Map(wanted.map((c) => [c, rest.map((cells) => cells[c] ?? '')])));
}

function runs(sorted: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const c of sorted) {
    const lastRun = out[out.length - 1];
    if (lastRun && lastRun[0] + lastRun[1] === c) lastRun[1]++;
    else out.push([c, 1]);
  }
  return out;
}

/** A cell of a key column by 0-based row index. */
export function keyCell(index: PlanIndex, row: number, column: number | undefined): CellValue {
  if (column === undefined) return '';
  if (row < index.head.length) return index.head[row]?.[column] ?? '';
  return index.keys.get(column)?.[row - index.head.length] ?? '';
}

/** Takes rows just read whole (`firstRow` 1-based) into the index: they are what the sheet holds now. */
export function keepRows(index: PlanIndex, firstRow: number, rows: readonly CellValue[][]): void {
  reachRow(index, firstRow - 1 + rows.length);
  rows.forEach((cells, i) => {
    const r = firstRow - 1 + i;
    if (r < index.head.length) index.head[r] = cells.slice();
    else {
      for (const [c, values] of index.keys) values[r - index.head.length] = cells[c] ?? '';
      touch(index, r - index.head.length);
    }
  });
}

function touch(index: PlanIndex, below: number): void {
  if (index.stored) index.stored.touched.add(Math.floor(below / index.stored.perChunk));
}

/** Rows typed below the last one: the rows between were blank, or the last row would have been lower. */
export function reachRow(index: PlanIndex, lastRow: number): void {
  if (lastRow <= index.lastRow) return;
  for (const values of index.keys.values()) for (let r = values.length; r < lastRow - index.head.length; r++) values[r] = '';
  for (let r = Math.max(0, index.lastRow - index.head.length); r < lastRow - index.head.length; r++) touch(index, r);
  index.lastRow = lastRow;
}

const META_KEY = 'segment.planIndex';
/** CacheService's limits: 100 KB a value, 6 hours at most. */
const MAX_VALUE_BYTES = 100 * 1024;
const CACHE_SECONDS = 6 * 60 * 60;

interface StoredMeta {
  v: 1;
  sheet: string;
  revision: string;
  lastRow: number;
  width: number;
  head: CellValue[][];
  columns: number[];
  chunks: number;
  perChunk: number;
  /** Importer Settings as read, the token cells blank. */
  settings: CellValue[][] | null;
}

export interface CachedPlan {
  index: PlanIndex;
  settings: CellValue[][] | null;
}

/** The index and settings stored at `revision` for this sheet, or null (another revision, evicted, never stored). */
export function cachedPlan(sheetName: string, revision: string): CachedPlan | null {
  const cache = CacheService.getDocumentCache();
  const metaText = cache?.get(META_KEY);
  if (!cache || !metaText) return null;
  const meta = JSON.parse(metaText) as StoredMeta;
  if (meta.v !== 1 || meta.sheet !== sheetName || meta.revision !== revision) return null;
  const names = Array.from({ length: meta.chunks }, (_, i) => chunkKey(i));
  const found: Record<string, string | undefined> = names.length > 0 ? cache.getAll(names) : {};
  const rows: CellValue[][] = [];
  for (const name of names) {
    const text = found[name];
    if (text === undefined) return null;
    for (const row of JSON.parse(text) as CellValue[][]) rows.push(row);
  }
  const keys = new Map<number, CellValue[]>(meta.columns.map((c, j) => [c, rows.map((cells) => cells[j] ?? '')]));
  const index = indexOf(meta.head, sheetName, meta.lastRow, meta.width, keys);
  index.stored = { perChunk: meta.perChunk, touched: new Set() };
  return { index, settings: meta.settings };
}

const chunkKey = (i: number) => `${META_KEY}.${i}`;

/**
 * Stores the index and settings for `revision`: the chunks rows were taken into since it was read from the cache
 * (all of them when it was read from the sheet), then the meta naming the revision. Nothing is stored when it
 * cannot be faithfully (a date, whose JSON would come back as text, or a row longer than a value may be).
 */
export function storePlan(sheetName: string, revision: string, index: PlanIndex, settings: CellValue[][] | null): void {
  const cache = CacheService.getDocumentCache();
  if (!cache) return;
  const columns = [...index.keys.keys()];
  const below = Math.max(0, index.lastRow - index.head.length);
  let dated = false;
  const row = (r: number) =>
    columns.map((c) => {
      const value = index.keys.get(c)?.[r] ?? '';
      dated ||= isDateLike(value);
      return value;
    });
  const layout = index.stored;
  let texts = layout ? chunkTexts(row, below, layout.perChunk, layout.touched) : null;
  let perChunk = layout?.perChunk ?? 0;
  if (!texts || [...texts.values()].some((t) => t === null)) {
    // Read from the sheet, or a chunk outgrew a value: cut every row anew.
    const whole = wholeLayout(row, below);
    if (!whole) return;
    texts = whole.texts;
    perChunk = whole.perChunk;
  }
  if (dated || [index.head, settings ?? []].some((rows) => rows.some((cells) => cells.some(isDateLike)))) return;
  const meta: StoredMeta = {
    v: 1,
    sheet: sheetName,
    revision,
    lastRow: index.lastRow,
    width: index.width,
    head: index.head,
    columns,
    chunks: Math.ceil(below / perChunk) || 0,
    perChunk,
    settings,
  };
  const metaText = JSON.stringify(meta);
  if (utf8Length(metaText) > MAX_VALUE_BYTES) return;
  const values: Record<string, string> = {};
  for (const [i, text] of texts) if (text !== null) values[chunkKey(i)] = text;
  // The meta last, in its own call: until it names the new revision, no reader trusts the chunks.
  cache.putAll(values, CACHE_SECONDS);
  cache.put(META_KEY, metaText, CACHE_SECONDS);
}

/** The given chunks' texts (null for one over 100 KB). */
function chunkTexts(
  row: (r: number) => CellValue[],
  below: number,
  perChunk: number,
  chunks: Iterable<number>,
): Map<number, string | null> {
  const out = new Map<number, string | null>();
  for (const i of chunks) {
    const rows: CellValue[][] = [];
    for (let r = i * perChunk; r < Math.min(below, (i + 1) * perChunk); r++) rows.push(row(r));
    const text = JSON.stringify(rows);
    out.set(i, utf8Length(text) <= MAX_VALUE_BYTES ? text : null);
  }
  return out;
}

/** Every row cut into chunks of one size, each at most 100 KB; null when a single row is longer. */
function wholeLayout(row: (r: number) => CellValue[], below: number): { texts: Map<number, string | null>; perChunk: number } | null {
  for (let perChunk = 4096; perChunk >= 1; perChunk = Math.floor(perChunk / 4)) {
    const count = Math.ceil(below / perChunk);
    const texts = chunkTexts(
      row,
      below,
      perChunk,
      Array.from({ length: count }, (_, i) => i),
    );
    if (![...texts.values()].some((t) => t === null)) return { texts, perChunk };
  }
  return null;
}

/** Importer Settings as a command read them. */
interface SettingsRead extends SettingsResult {
  sheet: { name: string; values: CellValue[][] } | null;
}

/** Importer Settings as read, the token's cells blank: what the cache may keep (its name first). */
export function withoutToken(settings: SettingsRead): CellValue[][] | null {
  if (!settings.sheet) return null;
  const values = settings.sheet.values.map((row) => row.slice());
  for (const cell of settings.tokenCells) values[cell.row - 1][cell.column] = '';
  return [[settings.sheet.name], ...values];
}

/** Importer Settings from the cache, parsed as when read (without the token, which live validation never uses). */
export function settingsFrom(stored: CellValue[][]): SettingsResult & { sheet: null } {
  const [[name], ...values] = stored as [[string], ...CellValue[][]];
  return { ...parseImporterSettings(values, name), sheet: null };
}

/** After a command read the whole plan (Validate, Send…): the next edit needs no read of every row. */
export function rememberPlan(sheetName: string, revision: string, values: CellValue[][], settings: SettingsRead, guarded: boolean): void {
  if (guarded) storePlan(sheetName, revision, indexFromValues(values, sheetName), withoutToken(settings));
}

/**
 * In-memory fakes of the Apps Script services the add-on uses, and a loader that runs the built
 * dist/Code.js against them through gas-local, as Apps Script would run it.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';
import { readFileSync } from 'fs';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const gas = require('gas-local') as { require(folder: string, globals: object, options?: object): Record<string, unknown> };

export type Cell = string | number | boolean | Date;

// ---- spreadsheet --------------------------------------------------------------------------------

export class FakeSheet {
  values: Cell[][];
  backgrounds: (string | null)[][] = [];
  notes: string[][] = [];
  frozenRows = 0;
  validations: Array<{ range: string; values: string[]; allowInvalid: boolean }> = [];
  columnWidths: Record<number, number> = {};
  bold: string[] = [];

  constructor(
    public name: string,
    values: Cell[][] = [],
    readonly book: FakeSpreadsheet,
  ) {
    this.values = values.map((row) => [...row]);
  }

  lastRow(): number {
    for (let r = this.values.length; r > 0; r--) if (this.values[r - 1].some((v) => v !== '')) return r;
    return 0;
  }

  lastColumn(): number {
    let width = 0;
    for (const row of this.values) for (let c = row.length; c > width; c--) if (row[c - 1] !== '') width = c;
    return width;
  }

  /** Grows the grid so that (rows x columns) exists, padding with what Sheets returns for empty cells. */
  ensure(rows: number, columns: number): void {
    const width = Math.max(columns, ...this.values.map((r) => r.length), 0);
    while (this.values.length < rows) this.values.push([]);
    for (const row of this.values) while (row.length < width) row.push('');
    while (this.backgrounds.length < this.values.length) this.backgrounds.push([]);
    while (this.notes.length < this.values.length) this.notes.push([]);
    for (const row of this.backgrounds) while (row.length < width) row.push('#ffffff');
    for (const row of this.notes) while (row.length < width) row.push('');
  }

  getName() {
    return this.name;
  }
  getDataRange() {
    const rows = Math.max(1, this.lastRow());
    const columns = Math.max(1, this.lastColumn());
    return new FakeRange(this, 1, 1, rows, columns);
  }
  getRange(a: number | string, column?: number, rows = 1, columns = 1) {
    if (typeof a === 'string') {
      const m = /^([A-Z]+)(\d+)$/.exec(a);
      if (!m) throw new Error(`fake getRange: unsupported A1 ${a}`);
      let c = 0;
      for (const ch of m[1]) c = c * 26 + ch.charCodeAt(0) - 64;
      return new FakeRange(this, Number(m[2]), c, 1, 1);
    }
    return new FakeRange(this, a, column as number, rows, columns);
  }
  getLastRow() {
    return this.lastRow();
  }
  getLastColumn() {
    return this.lastColumn();
  }
  setFrozenRows(n: number) {
    this.frozenRows = n;
  }
  setColumnWidth(column: number, width: number) {
    this.columnWidths[column] = width;
    return this;
  }
  activate() {
    this.book.active = this;
    return this;
  }
  hidden = false;
  hideSheet() {
    this.hidden = true;
    return this;
  }
  isSheetHidden() {
    return this.hidden;
  }
  getMaxColumns() {
    return Math.max(26, ...this.values.map((r) => r.length));
  }
  getMaxRows() {
    return Math.max(1000, this.values.length);
  }
  insertColumnsAfter(_after: number, _count: number) {
    // The fake's grid grows on demand; the call is recorded by the service-call log.
    return this;
  }
  deleteRows(from: number, count: number) {
    for (const grid of [this.values, this.backgrounds, this.notes] as unknown[][][]) grid.splice(from - 1, count);
    return this;
  }
  clearContents() {
    this.values = this.values.map((row) => row.map(() => ''));
    return this;
  }
}

/** What Sheets stores for a value typed into a cell: text after an apostrophe as is; =, +, -, @ start a formula. */
export function storedLikeSheets(value: Cell): Cell {
  if (typeof value !== 'string') return value;
  if (value.startsWith("'")) return value.slice(1);
  if (/^[+-]?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  if (/^[=+\-@]/.test(value)) return '#ERROR!';
  return value;
}

export class FakeRange {
  constructor(
    readonly sheet: FakeSheet,
    readonly row: number,
    readonly column: number,
    readonly rows: number,
    readonly columns: number,
  ) {
    sheet.ensure(row + rows - 1, column + columns - 1);
  }

  private read<T>(grid: T[][]): T[][] {
    return grid.slice(this.row - 1, this.row - 1 + this.rows).map((r) => r.slice(this.column - 1, this.column - 1 + this.columns));
  }

  private write<T>(grid: T[][], values: T[][], what: string): void {
    if (values.length !== this.rows || values.some((r) => r.length !== this.columns)) {
      throw new Error(`fake ${what}: the data has ${values.length} rows but the range has ${this.rows} (or columns differ)`);
    }
    values.forEach((r, i) => r.forEach((v, j) => (grid[this.row - 1 + i][this.column - 1 + j] = v)));
  }

  getA1Notation() {
    const letter = (n: number) => {
      let s = '';
      for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
      return s;
    };
    const start = `${letter(this.column)}${this.row}`;
    return this.rows === 1 && this.columns === 1 ? start : `${start}:${letter(this.column + this.columns - 1)}${this.row + this.rows - 1}`;
  }
  getRow() {
    return this.row;
  }
  getNumRows() {
    return this.rows;
  }
  getNumColumns() {
    return this.columns;
  }
  getColumn() {
    return this.column;
  }
  getValues() {
    return this.read(this.sheet.values).map((r) => r.map((v) => (v instanceof Date ? new Date(v.getTime()) : v)));
  }
  getDisplayValues() {
    return this.read(this.sheet.values).map((r) => r.map((v) => (v instanceof Date ? v.toISOString() : String(v))));
  }
  getValue() {
    return this.getValues()[0][0];
  }
  setValues(values: Cell[][]) {
    this.write(
      this.sheet.values,
      values.map((row) => row.map(storedLikeSheets)),
      'setValues',
    );
    return this;
  }
  setValue(value: Cell) {
    this.sheet.values[this.row - 1][this.column - 1] = storedLikeSheets(value);
    return this;
  }
  clearContent() {
    for (let i = 0; i < this.rows; i++)
      for (let j = 0; j < this.columns; j++) this.sheet.values[this.row - 1 + i][this.column - 1 + j] = '';
    return this;
  }
  getBackgrounds() {
    return this.read(this.sheet.backgrounds).map((r) => r.map((v) => v ?? '#ffffff'));
  }
  setBackgrounds(values: (string | null)[][]) {
    this.write(
      this.sheet.backgrounds,
      values.map((r) => r.map((v) => v ?? '#ffffff')),
      'setBackgrounds',
    );
    return this;
  }
  getNotes() {
    return this.read(this.sheet.notes);
  }
  setNotes(values: string[][]) {
    this.write(this.sheet.notes, values, 'setNotes');
    return this;
  }
  setNote(note: string) {
    this.sheet.notes[this.row - 1][this.column - 1] = note;
    return this;
  }
  setFontWeight(weight: string) {
    if (weight === 'bold') this.sheet.bold.push(this.getA1Notation());
    return this;
  }
  setDataValidation(rule: { values: string[]; allowInvalid: boolean }) {
    this.sheet.validations.push({ range: this.getA1Notation(), values: rule.values, allowInvalid: rule.allowInvalid });
    return this;
  }
  activate() {
    this.sheet.book.active = this.sheet;
    this.sheet.book.selection = `${this.sheet.name}!${this.getA1Notation()}`;
    return this;
  }
}

export class FakeSpreadsheet {
  sheets: FakeSheet[] = [];
  toasts: string[] = [];
  active: FakeSheet | null = null;
  selection = '';

  addSheet(name: string, values: Cell[][] = []): FakeSheet {
    const sheet = new FakeSheet(name, values, this);
    this.sheets.push(sheet);
    return sheet;
  }
  sheet(name: string): FakeSheet {
    const found = this.sheets.find((s) => s.name === name);
    if (!found) throw new Error(`no sheet ${name}`);
    return found;
  }
  getSheetByName(name: string) {
    return this.sheets.find((s) => s.name === name) ?? null;
  }
  getSheets() {
    return [...this.sheets];
  }
  insertSheet(name: string) {
    if (this.getSheetByName(name)) throw new Error(`A sheet with the name "${name}" already exists.`);
    return this.addSheet(name);
  }
  toast(message: string) {
    this.toasts.push(message);
  }
  getId() {
    return 'spreadsheet-id';
  }
}

// ---- UI -----------------------------------------------------------------------------------------

export const Button = { OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO', CLOSE: 'CLOSE' } as const;
export const ButtonSet = { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' } as const;

export interface Dialog {
  title: string;
  html: string;
  width?: number;
  height?: number;
}

export class FakeUi {
  menus: Array<{ title: string; items: Array<[string, string] | null> }> = [];
  alerts: Array<{ title: string; message: string; buttons: string }> = [];
  dialogs: Dialog[] = [];
  /** Answers for YES_NO alerts, in order; YES when empty. */
  confirmAnswers: string[] = [];
  /** Answers for prompts: [button, text]. */
  promptAnswers: Array<[string, string]> = [];
  /** Runs while an alert is open (to start a second upload meanwhile, say). */
  onAlert: ((title: string, message: string) => void) | null = null;

  readonly Button = Button;
  readonly ButtonSet = ButtonSet;

  createMenu(title: string) {
    const menu = { title, items: [] as Array<[string, string] | null> };
    const builder = {
      addItem: (caption: string, fn: string) => (menu.items.push([caption, fn]), builder),
      addSeparator: () => (menu.items.push(null), builder),
      addToUi: () => {
        this.menus.push(menu);
      },
    };
    return builder;
  }
  alert(title: string, message?: string, buttons: string = ButtonSet.OK) {
    this.alerts.push({ title, message: message ?? '', buttons });
    this.onAlert?.(title, message ?? '');
    if (buttons === ButtonSet.YES_NO) return this.confirmAnswers.shift() ?? Button.YES;
    return Button.OK;
  }
  prompt(title: string, message: string) {
    const [button, text] = this.promptAnswers.shift() ?? [Button.CANCEL, ''];
    this.alerts.push({ title, message, buttons: 'PROMPT' });
    return { getSelectedButton: () => button, getResponseText: () => text };
  }
  showModalDialog(output: { html: string; width?: number; height?: number }, title: string) {
    this.dialogs.push({ title, html: output.html, width: output.width, height: output.height });
  }
  /** The JSON data a page dialog was opened with. */
  dialogData(index = -1): any {
    const html = this.dialogs.at(index)?.html ?? '';
    const m = /<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(html);
    return m ? JSON.parse(m[1]) : null;
  }
  showModelessDialog(output: { html: string }, title: string) {
    this.dialogs.push({ title, html: output.html });
  }
  /** Every alert and dialog text, for asserting what the user was shown. */
  everything(): string {
    return [...this.alerts.map((a) => `${a.title}\n${a.message}`), ...this.dialogs.map((d) => `${d.title}\n${d.html}`)].join('\n');
  }
}

/** HtmlService templates: the page from dist/, with `<?!= data ?>` replaced by the template's data. */
function htmlTemplate(name: string) {
  const source = readFileSync(path.join(DIST, `${name}.html`), 'utf8');
  const template = {
    data: '' as string,
    evaluate: () => htmlService().createHtmlOutput(source.replace('<?!= data ?>', () => template.data)),
  };
  return template;
}

function htmlService() {
  const output = (html: string) => {
    const o = {
      html,
      width: undefined as number | undefined,
      height: undefined as number | undefined,
      setWidth: (w: number) => ((o.width = w), o),
      setHeight: (h: number) => ((o.height = h), o),
      setTitle: () => o,
      getContent: () => o.html,
      append: (more: string) => ((o.html += more), o),
    };
    return o;
  };
  return { createHtmlOutput: (html = '') => output(html), createTemplateFromFile: (name: string) => htmlTemplate(name) };
}

// ---- network ------------------------------------------------------------------------------------

export interface FetchCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  contentType?: string;
  payload?: string;
  muteHttpExceptions?: boolean;
}

export interface ScriptedResponse {
  status: number;
  body?: string | object;
  headers?: Record<string, string>;
}

/** What the fake does with one request: answer it, or throw as UrlFetchApp does on a timeout or DNS failure. */
export type Responder = (call: FetchCall) => ScriptedResponse | Error;

export class FakeUrlFetchApp {
  calls: FetchCall[] = [];
  constructor(public responder: Responder = () => ({ status: 200, body: {} })) {}

  fetch(
    url: string,
    options: {
      method?: string;
      headers?: Record<string, string>;
      contentType?: string;
      payload?: string;
      muteHttpExceptions?: boolean;
    } = {},
  ) {
    const call: FetchCall = {
      url,
      method: (options.method ?? 'get').toUpperCase(),
      headers: { ...(options.headers ?? {}) },
      contentType: options.contentType,
      payload: options.payload,
      muteHttpExceptions: options.muteHttpExceptions,
    };
    this.calls.push(call);
    const answer = this.responder(call);
    if (answer instanceof Error) throw answer;
    if (!options.muteHttpExceptions && answer.status >= 400) throw new Error(`Request failed for ${url} returned code ${answer.status}`);
    const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
    return {
      getResponseCode: () => answer.status,
      getContentText: () => body,
      getAllHeaders: () => ({ 'Content-Type': 'application/json', ...(answer.headers ?? {}) }),
      getHeaders: () => ({ 'Content-Type': 'application/json', ...(answer.headers ?? {}) }),
    };
  }
}

/**
 * Sends each request over real HTTP and waits for the answer, synchronously as UrlFetchApp does: a worker
 * thread makes the call while this thread waits on a shared flag, so the server must run in another process
 * (the emulator started by the CLI).
 */
export function realHttpResponder(timeoutMs = 60_000): Responder {
  const worker = new Worker(
    `
    const { parentPort } = require('worker_threads');
    parentPort.on('message', async ({ call, flag, port }) => {
      const headers = { ...call.headers };
      if (call.contentType) headers['Content-Type'] = call.contentType;
      let out;
      try {
        const res = await fetch(call.url, { method: call.method, headers, body: call.payload, signal: AbortSignal.timeout(${timeoutMs}) });
        out = { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
      } catch (e) {
        out = { error: 'Exception: ' + (e.cause ? e.cause.code || e.cause.message : e.message) + ': ' + call.url };
      }
      port.postMessage(out);
      const signal = new Int32Array(flag);
      Atomics.store(signal, 0, 1);
      Atomics.notify(signal, 0);
    });`,
    { eval: true },
  );
  worker.unref();
  return (call) => {
    const flag = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ call, flag, port: port2 }, [port2]);
    Atomics.wait(new Int32Array(flag), 0, 0, timeoutMs + 5000);
    const answer = (receiveMessageOnPort(port1)?.message ?? { error: 'Exception: no answer' }) as ScriptedResponse & { error?: string };
    port1.close();
    return answer.error ? new Error(answer.error) : answer;
  };
}

/**
 * A Config API plan in workspace acme behind the fake UrlFetchApp: GET answers with what it holds, PUT holds
 * the body's rules. PUTs answer with `putAnswers` first, in order, when any are queued.
 */
export function fakeConfigPlan(w: World, planId: string, putAnswers: Array<ScriptedResponse | Error> = []) {
  const plan = {
    name: `workspaces/acme/tracking-plans/${planId}`,
    display_name: 'Plan',
    rules: { events: [] as unknown[] } as object,
    update_time: '2026-01-01T00:00:00Z',
  };
  let version = 0;
  w.fetch.responder = (call) => {
    if (call.method === 'GET') return { status: 200, body: plan };
    const queued = putAnswers.shift();
    if (queued) return queued;
    const body = JSON.parse(call.payload ?? '{}');
    plan.rules = body.tracking_plan.rules;
    plan.update_time = `2026-01-02T00:00:${String(++version % 60).padStart(2, '0')}Z`;
    return { status: 200, body: plan };
  };
  return plan;
}

// ---- properties, locks, utilities ---------------------------------------------------------------

export class FakeProperties {
  constructor(readonly data: Record<string, string> = {}) {}
  getProperty(key: string) {
    return key in this.data ? this.data[key] : null;
  }
  setProperty(key: string, value: string) {
    if (value.length > 9 * 1024) throw new Error('Argument too large: value');
    this.data[key] = String(value);
    return this;
  }
  deleteProperty(key: string) {
    delete this.data[key];
    return this;
  }
  getProperties() {
    return { ...this.data };
  }
  setProperties(values: Record<string, string>) {
    Object.entries(values).forEach(([k, v]) => this.setProperty(k, v));
    return this;
  }
  getKeys() {
    return Object.keys(this.data);
  }
}

/** One document lock, shared by every execution that uses the same FakeLockState. */
export class FakeLockState {
  held = false;
  tryLockTimeouts: number[] = [];
  lock() {
    return {
      tryLock: (ms: number) => {
        this.tryLockTimeouts.push(ms);
        if (this.held) return false;
        this.held = true;
        return true;
      },
      releaseLock: () => {
        this.held = false;
      },
      hasLock: () => this.held,
    };
  }
}

export class FakeClock {
  now = Date.UTC(2026, 0, 1, 12, 0, 0);
  sleeps: number[] = [];
  sleep(ms: number) {
    this.sleeps.push(ms);
    this.now += ms;
  }
}

// ---- the world the add-on runs in ---------------------------------------------------------------

export interface World {
  spreadsheet: FakeSpreadsheet;
  ui: FakeUi;
  fetch: FakeUrlFetchApp;
  userProperties: FakeProperties;
  documentProperties: FakeProperties;
  lock: FakeLockState;
  clock: FakeClock;
  /** Every Apps Script service method called, in order (`SpreadsheetApp.getActiveSpreadsheet`, `Range.getValues`, …). */
  serviceCalls: string[];
  logs: string[];
}

export function newWorld(): World {
  return {
    spreadsheet: new FakeSpreadsheet(),
    ui: new FakeUi(),
    fetch: new FakeUrlFetchApp(),
    userProperties: new FakeProperties(),
    documentProperties: new FakeProperties(),
    lock: new FakeLockState(),
    clock: new FakeClock(),
    serviceCalls: [],
    logs: [],
  };
}

/** Wraps a fake so that every method call through it (and through objects it returns) is counted. */
function counted<T extends object>(target: T, name: string, log: string[]): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        log.push(`${name}.${prop}`);
        const result = value.apply(obj, args);
        if (result && typeof result === 'object' && !Array.isArray(result) && !(result instanceof Date)) {
          return counted(
            result,
            result.constructor?.name && result.constructor.name !== 'Object'
              ? result.constructor.name.replace(/^Fake/, '')
              : `${name}.${prop}()`,
            log,
          );
        }
        return result;
      };
    },
  });
}

export type AddOn = Record<string, (...args: unknown[]) => unknown>;

const DIST = path.resolve(__dirname, '../../dist');

/** Loads dist/Code.js into a fresh Apps Script-like context wired to the world's fakes. */
export function loadAddOn(world: World): AddOn {
  const log = world.serviceCalls;
  const dataValidation = () => {
    const rule = { values: [] as string[], allowInvalid: false };
    const builder = {
      requireValueInList: (values: string[]) => ((rule.values = values), builder),
      setAllowInvalid: (allow: boolean) => ((rule.allowInvalid = allow), builder),
      setHelpText: () => builder,
      build: () => rule,
    };
    return builder;
  };
  const globals = {
    SpreadsheetApp: counted(
      {
        getActiveSpreadsheet: () => world.spreadsheet,
        getActive: () => world.spreadsheet,
        getUi: () => world.ui,
        newDataValidation: dataValidation,
      },
      'SpreadsheetApp',
      log,
    ),
    HtmlService: counted(htmlService(), 'HtmlService', log),
    UrlFetchApp: counted(world.fetch, 'UrlFetchApp', log),
    PropertiesService: counted(
      {
        getUserProperties: () => world.userProperties,
        getDocumentProperties: () => world.documentProperties,
        getScriptProperties: () => new FakeProperties(),
      },
      'PropertiesService',
      log,
    ),
    LockService: counted({ getDocumentLock: () => world.lock.lock(), getScriptLock: () => world.lock.lock() }, 'LockService', log),
    Utilities: counted({ sleep: (ms: number) => world.clock.sleep(ms) }, 'Utilities', log),
    Session: counted({ getActiveUser: () => ({ getEmail: () => 'analyst@example.com' }) }, 'Session', log),
    Logger: { log: (...args: unknown[]) => world.logs.push(args.map(String).join(' ')) },
    console: {
      log: (...args: unknown[]) => world.logs.push(args.map(String).join(' ')),
      info: (...args: unknown[]) => world.logs.push(args.map(String).join(' ')),
      warn: (...args: unknown[]) => world.logs.push(args.map(String).join(' ')),
      error: (...args: unknown[]) => world.logs.push(args.map(String).join(' ')),
    },
    // The script's clock is the world's: Date.now() and new Date() read it; dates given a value are real dates.
    Date: class extends Date {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(world.clock.now);
        else super(...(args as [string]));
      }
      static override now() {
        return world.clock.now;
      }
    },
  };
  return gas.require(DIST, globals, { filter: (file: string) => path.basename(file) === 'Code.js' }) as unknown as AddOn;
}

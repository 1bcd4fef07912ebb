/**
 * In-memory Apps Script services as strict as the real ones (Sheets' grid and limits, UrlFetchApp's whitelist
 * and limits, property quotas), and the loader that runs the built dist/Code.js against them.
 */
export { AppsScriptException } from './mirror';
export type { Cell } from './spreadsheet';
export { FakeRange, FakeSheet, FakeSpreadsheet, NEW_SHEET_COLUMNS, NEW_SHEET_ROWS, OUTSIDE_GRID, storedLikeSheets } from './spreadsheet';
export type { Dialog } from './ui';
export { FakeUi } from './ui';
export type { FetchCall, Responder, ScriptedResponse } from './url-fetch';
export { FakeUrlFetchApp, fakeConfigPlan, realHttpResponder } from './url-fetch';
export { FakeBlob, FakeClock, FakeLockState, FakeProperties, nodeGzipBase64 } from './services';
export type { AddOn, World } from './world';
export { loadAddOn, newWorld } from './world';
export { googleScriptRunFake } from './google-script-run';

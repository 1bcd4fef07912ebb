/**
 * In-memory Apps Script services as strict as the real ones (Sheets' grid and limits, UrlFetchApp's whitelist
 * and limits, property quotas), and the loader that runs the built dist/Code.js against them.
 */
export type { Cell } from './cells';
export { NEW_SHEET_COLUMNS, NEW_SHEET_ROWS } from './cells';
export { FakeSheet, FakeSpreadsheet } from './spreadsheet';
export type { Dialog } from './ui';
export type { FetchCall, Responder, ScriptedResponse } from './url-fetch';
export { FakeUrlFetchApp, fakeConfigPlan, realHttpResponder } from './url-fetch';
export { FakeProperties, nodeGzipBase64 } from './services';
export type { AddOn, World } from './world';
export { loadAddOn, newWorld, useEmulator } from './world';
export { googleScriptRunFake } from './google-script-run';
export type { AuthModeName, EditEvent } from './triggers';
export { changeStructure, editCells, openSpreadsheet, typeInto } from './edits';
export type { ChangeType } from './edits';

/**
 * Sheets runs no onEdit when rows or columns are inserted, deleted, moved or sorted, so what live validation kept
 * of the plan (plan-index.ts) would silently describe other rows. An installable onChange trigger moves the plan
 * revision on for every such change, which makes the next edit read the sheet again. Simple triggers cannot
 * install it (it needs the script.scriptapp scope), so the commands run from the menu do; until one has, live
 * validation reads the sheet at every edit.
 */
import { bumpPlanRevision } from './plan-revision';
import { errorMessage } from './error-message';

const HANDLER = 'onPlanChange';
/** Set once the trigger exists: onEdit, which may not list triggers, trusts its cache only then. */
export const CHANGE_TRIGGER_KEY = 'segment.changeTrigger';

/**
 * Installs the onChange trigger for this spreadsheet if it is missing; a refusal only leaves the cache unused.
 * Whether it is installed. (Its errors are Apps Script's own, about triggers: no token can be in them.)
 */
export function ensureChangeTrigger(): boolean {
  const properties = PropertiesService.getDocumentProperties();
  try {
    const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
    const installed = ScriptApp.getUserTriggers(spreadsheet).some((t) => t.getHandlerFunction() === HANDLER);
    if (!installed) ScriptApp.newTrigger(HANDLER).forSpreadsheet(spreadsheet).onChange().create();
    if (properties.getProperty(CHANGE_TRIGGER_KEY) !== 'on') properties.setProperty(CHANGE_TRIGGER_KEY, 'on');
    return true;
  } catch (error) {
    properties.deleteProperty(CHANGE_TRIGGER_KEY);
    console.warn(`Live validation will read the whole plan at each edit: ${errorMessage(error)}`);
    return false;
  }
}

/** Edits have onEdit, formats change no value: every other change may have moved rows. */
const VALUE_KEEPING_CHANGES = new Set(['EDIT', 'FORMAT']);

export function onPlanChange(e?: GoogleAppsScript.Events.SheetsOnChange): void {
  try {
    if (!VALUE_KEEPING_CHANGES.has(String(e?.changeType))) bumpPlanRevision();
  } catch (error) {
    console.error(`Could not note a change to the sheet: ${errorMessage(error)}`);
  }
}

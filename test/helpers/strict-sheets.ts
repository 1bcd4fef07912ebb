// A spreadsheet on fakes as strict as Google Sheets, as the add-on tests on the built dist/Code.js set it up.
import { AddOn, Cell, loadAddOn, newWorld, World } from '../../src/apps-script-fakes';

export const TOKEN = 'sgp_strict_fakes_token_123456';
export const PLAN_ID = 'rs_2StrictFakesPlan000000000';

export const SETTINGS: Cell[][] = [
  ['Setting', 'Value'],
  ['Personal Access Token', TOKEN],
  ['Workspace Slug', 'acme'],
  ['Tracking Plan ID', PLAN_ID],
];

/** A spreadsheet as Google makes it (one empty Sheet1), plus the given sheets. */
export function spreadsheet(sheets: Record<string, Cell[][]>): World {
  const w = newWorld();
  w.spreadsheet.insertSheet('Sheet1');
  for (const [name, values] of Object.entries(sheets)) w.spreadsheet.addSheet(name, values);
  return w;
}

/** One menu click: the script loaded afresh, then the function run. */
export async function run(w: World, fn: string, ...args: unknown[]): Promise<AddOn> {
  const addOn = loadAddOn(w);
  await addOn[fn](...args);
  return addOn;
}

export const lastAlert = (w: World) => w.ui.alerts.at(-1)?.message ?? '';
export const puts = (w: World) => w.fetch.calls.filter((c) => c.method === 'PUT');

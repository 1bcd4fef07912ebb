// The add-on's Send to Segment on the fakes: a spreadsheet with the template's plan and settings for workspace acme,
// and an empty plan in Segment; shared by the tests of Send and of its failures.
import { templatePlanGrid } from '../../src/template/template-content';
import { Cell, fakeConfigPlan, newWorld, World } from '../../src/apps-script-fakes';

export const TOKEN = 'sgp_secret_token_1234567890';
export const PLAN_ID = 'rs_1AAPTLy8ffAAQth0PvL8rOvU6PJ';
export const PLAN_URL = `https://platform.segmentapis.com/v1beta/workspaces/acme/tracking-plans/${PLAN_ID}`;

export function settingsRows(overrides: Record<string, string> = {}): Cell[][] {
  const values: Record<string, string> = {
    'Personal Access Token': TOKEN,
    'Workspace Slug': 'acme',
    'Tracking Plan ID': PLAN_ID,
    'Tracking Plan Name': '',
    'API Base URL': '',
    ...overrides,
  };
  return [['Setting', 'Value'], ...Object.entries(values).map(([k, v]) => [k, v])];
}

/** A spreadsheet holding the template's example plan and settings for workspace acme, and an empty plan in Segment. */
export function world(plan: Cell[][] = templatePlanGrid(), settings = settingsRows()): World {
  const w = newWorld();
  w.spreadsheet.addSheet('Tracking Plan', plan);
  w.spreadsheet.addSheet('Importer Settings', settings);
  fakeConfigPlan(w, PLAN_ID);
  return w;
}

export { puts, run } from './strict-sheets';

export function expectNoToken(w: World): void {
  const shown = [w.ui.everything(), ...w.logs, ...w.spreadsheet.toasts, JSON.stringify(w.spreadsheet.sheets.map((s) => s.notes))].join(
    '\n',
  );
  expect(shown).not.toContain(TOKEN);
}

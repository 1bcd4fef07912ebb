// Issue 20, item 4, in Chromium: Choose a plan… shows the workspace's plans (name, id, rules, last update) and "Use"
// writes the plan's id into Importer Settings. The page is served by the bundled add-on, against the emulator.
import { EmulatorProcess, startEmulatorProcess } from '../../src/emulator/child-process';
import { Cell, Dialog, loadAddOn, newWorld, useEmulator } from '../../src/apps-script-fakes';
import { chromiumForThisFile, FAKE_GOOGLE } from '../helpers/dialog-pages';

const browser = chromiumForThisFile();
let emulator: EmulatorProcess;

beforeAll(async () => {
  emulator = await startEmulatorProcess({
    tokens: [{ token: 'plans-dialog-token', workspace: 'acme', access: 'write' }],
    plans: [
      { workspace: 'acme', id: 'tp_web', resourceSchemaId: 'rs_web', name: 'Web', updatedAt: '2026-01-02T00:00:00.000Z', rules: [] },
      { workspace: 'acme', id: 'tp_ios', resourceSchemaId: 'rs_ios', name: 'iOS', updatedAt: '2026-02-01T10:20:30.000Z', rules: [] },
    ],
  });
});
afterAll(() => emulator.stop());

/** Choose a plan… opened by the bundled add-on over Importer Settings with the token and `setting`, in Chromium. */
async function openChooser(setting: Cell[]) {
  const w = newWorld();
  w.spreadsheet.addSheet('Importer Settings', [['Setting', 'Value'], ['Personal Access Token', 'plans-dialog-token'], setting] as Cell[][]);
  useEmulator(w, emulator.baseUrl);
  await loadAddOn(w).showPlanChooser();
  const dialog = w.ui.dialogs.at(-1) as Dialog;
  const page = await browser().newPage({ viewport: { width: dialog.width ?? 720, height: dialog.height ?? 480 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.exposeFunction('__server', async (name: string, args: unknown[]) => {
    const result = await loadAddOn(w)[name](...args);
    return result === undefined ? null : JSON.parse(JSON.stringify(result));
  });
  await page.setContent(dialog.html.replace('<head>', `<head>${FAKE_GOOGLE}`));
  return { w, page, errors };
}

describe('Choose a plan… in Chromium', () => {
  it('lists the plans, marks the one in use, and Use writes another into Importer Settings', async () => {
    const { w, page, errors } = await openChooser(['Tracking Plan ID', 'tp_web']);
    const rows = await page.locator('#rows tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t').map((c) => c.trim()))).toEqual([
      ['iOS', 'tp_ios (rs_ios)', '0', '2026-02-01 10:20:30', 'Use'],
      ['Web', 'tp_web (rs_web)', '0', '2026-01-02 00:00:00', 'In use'],
    ]);
    await page.locator('#rows tr', { hasText: 'iOS' }).locator('button').click();
    await page.locator('#done').filter({ hasText: 'is now' }).waitFor();
    expect(await page.locator('#done').innerText()).toBe('Tracking Plan ID is now tp_ios (Importer Settings!B3).');
    expect(await page.locator('#rows button').allInnerTexts()).toEqual(['In use', 'Use']);
    expect(w.spreadsheet.getSheetByName('Importer Settings')!.values[2]).toEqual(['Tracking Plan ID', 'tp_ios']);
    expect(errors).toEqual([]);
  });

  it('with Plan for rows, Use writes the chosen source’s row, and a source typed in gets a row of its own', async () => {
    const { w, page, errors } = await openChooser(['Plan for Web', 'tp_web']);
    // The first source's row is chosen, and its plan marked.
    expect(await page.locator('#target option').allInnerTexts()).toEqual([
      'Tracking Plan ID (one plan)',
      'Plan for Web',
      'Plan for another source…',
    ]);
    expect(await page.locator('#target').inputValue()).toBe('Web');
    expect(await page.locator('#rows button').allInnerTexts()).toEqual(['Use', 'In use']);

    await page.locator('#target').selectOption({ label: 'Plan for another source…' });
    await page.locator('#source').fill('iOS');
    await page.locator('#rows tr', { hasText: 'iOS' }).locator('button').click();
    await page.locator('#done').filter({ hasText: 'is now' }).waitFor();
    expect(await page.locator('#done').innerText()).toBe('Plan for iOS is now tp_ios (Importer Settings!B4).');
    expect(w.spreadsheet.getSheetByName('Importer Settings')!.values[3]).toEqual(['Plan for iOS', 'tp_ios']);
    expect(await page.locator('#target').inputValue()).toBe('iOS');
    expect(await page.locator('#rows button').allInnerTexts()).toEqual(['In use', 'Use']);
    // Back to Web: its plan is the one marked.
    await page.locator('#target').selectOption({ label: 'Plan for Web' });
    expect(await page.locator('#rows button').allInnerTexts()).toEqual(['Use', 'In use']);
    expect(errors).toEqual([]);
  });
});

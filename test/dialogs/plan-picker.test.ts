// Preview rules JSON with a plan per source (issue 19, item 2), in Chromium: the picker shows one plan's body at a time.
import { run, spreadsheet } from '../helpers/strict-sheets';
import { chromiumForThisFile, openDialog } from '../helpers/dialog-pages';

const browser = chromiumForThisFile();

it('Preview rules JSON: picking a plan shows its body and hides the other', async () => {
  const w = spreadsheet({
    'Tracking Plan': [
      ['Event Name', 'Event Description', 'Property Name', 'Sources'],
      ['Page Viewed', 'A page is shown', '', 'Web'],
      ['App Opened', 'The app opens', '', 'iOS'],
    ],
    'Importer Settings': [
      ['Workspace Slug', 'acme'],
      ['Plan for Web', 'rs_web'],
      ['Plan for iOS', 'rs_ios'],
    ],
  });
  await run(w, 'previewRules');
  const dialog = w.ui.dialogs.at(-1);
  if (!dialog) throw new Error('no dialog');
  const page = await openDialog(browser(), dialog, 'preview-plan-picker');
  const shown = () => page.locator('section:visible p').first().innerText();
  expect(await shown()).toBe('Plan for Web: Config API: PUT …/tracking-plans/rs_web — 1 event and 0 properties.');
  expect(await page.locator('section:visible pre').innerText()).toContain('"name": "Page Viewed"');
  await page.locator('#plan-picker').selectOption('1');
  expect(await shown()).toBe('Plan for iOS: Config API: PUT …/tracking-plans/rs_ios — 1 event and 0 properties.');
  expect(await page.locator('section:visible pre').innerText()).not.toContain('Page Viewed');
  await page.close();
});

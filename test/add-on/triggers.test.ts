// The fakes run triggers as Apps Script does (authorisation modes refuse what Apps Script refuses), and the add-on
// opens as a bound script or as an editor add-on (issue 18, item 4).
import { AddOn, loadAddOn, openSpreadsheet, typeInto, World } from '../../src/apps-script-fakes';
import { templatePlanGrid } from '../../src/template/template-content';
import { SETTINGS, spreadsheet } from '../helpers/strict-sheets';
import type { Cell } from '../../src/apps-script-fakes';

const UI_SCOPE = 'Required permissions: https://www.googleapis.com/auth/script.container.ui';

function setUp(): { w: World; addOn: AddOn } {
  const w = spreadsheet({ 'Tracking Plan': templatePlanGrid() as Cell[][], 'Importer Settings': SETTINGS });
  return { w, addOn: loadAddOn(w) };
}

describe('AuthMode.LIMITED, as simple triggers run', () => {
  it('refuses dialogs, alerts and UrlFetchApp with Apps Script’s messages', async () => {
    const { w, addOn } = setUp();
    w.trigger.authMode = 'LIMITED';
    expect(() => addOn.showHelp()).toThrow(`You do not have permission to call Ui.showModalDialog. ${UI_SCOPE}`);
    // Set up sheets answers with an alert (a clean Validate is only a toast, which simple triggers may show).
    await expect(Promise.resolve().then(() => addOn.setUpSheets())).rejects.toThrow(
      `You do not have permission to call Ui.alert. ${UI_SCOPE}`,
    );
    await expect(addOn.compareWithSegment()).rejects.toThrow('You do not have permission to call ');
    expect([w.ui.alerts, w.ui.dialogs, w.fetch.calls]).toEqual([[], [], []]);
  });

  it('onEdit does its work in that mode without tripping any of them', async () => {
    const { w, addOn } = setUp();
    await typeInto(w, addOn, 'Tracking Plan', 'F10', 'numbr');
    expect(w.logs).toEqual([]);
    expect(w.spreadsheet.sheet('Tracking Plan').noteAt('F10')).toMatch(/^Segment: Error: Unknown Property Type "numbr"/);
  });
});

describe('opening the spreadsheet', () => {
  it('a bound script gets its own Segment menu', async () => {
    const { w, addOn } = setUp();
    await openSpreadsheet(w, addOn, 'LIMITED');
    expect(w.ui.menus.map((m) => m.title)).toEqual(['Segment']);
  });

  it('an add-on not yet enabled in the document runs onOpen in AuthMode.NONE: the same items under Extensions, nothing read', async () => {
    const bound = setUp();
    await openSpreadsheet(bound.w, bound.addOn, 'LIMITED');
    const { w, addOn } = setUp();
    w.trigger.installationSource = 'WEB_STORE_ADD_ON';
    await openSpreadsheet(w, addOn, 'NONE');
    expect(w.ui.menus).toEqual([{ title: 'Extensions', items: bound.w.ui.menus[0].items }]);
    expect(w.serviceCalls.filter((c) => /Properties|Spreadsheet\.|Sheet\.|Range\./.test(c))).toEqual([]);
    expect(w.logs).toEqual([]);
  });

  it('an add-on enabled in the document (AuthMode.LIMITED) also puts its menu under Extensions', async () => {
    const { w, addOn } = setUp();
    w.trigger.installationSource = 'WEB_STORE_ADD_ON';
    await openSpreadsheet(w, addOn, 'LIMITED');
    expect(w.ui.menus.map((m) => m.title)).toEqual(['Extensions']);
  });

  it('in AuthMode.NONE the fakes refuse properties and the spreadsheet, so onEdit there only logs', async () => {
    const { w, addOn } = setUp();
    w.trigger.authMode = 'NONE';
    const range = w.spreadsheet.sheet('Tracking Plan').getRange('F10');
    expect(() => addOn.onEdit({ authMode: 'NONE', range, source: w.spreadsheet })).not.toThrow();
    expect(w.logs).toEqual([
      'Live validation skipped an edit (Segment > Validate plan marks every problem): You do not have permission to call PropertiesService.getDocumentProperties. Required permissions: https://www.googleapis.com/auth/script.storage',
    ]);
  });
});

describe('the onChange trigger that keeps live validation cheap', () => {
  it('is installed once by the first command run with full authorisation, and by installing the add-on', async () => {
    for (const command of ['openSidebar', 'validatePlan', 'setUpSheets', 'importFromSegment'] as const) {
      const { w, addOn } = setUp();
      w.ui.confirmAnswers = ['NO'];
      await addOn[command]();
      expect([command, w.trigger.installed.map((t) => [t.handler, t.eventType])]).toEqual([command, [['onPlanChange', 'ON_CHANGE']]]);
      expect(w.documentProperties.getProperty('segment.changeTrigger')).toBe('on');
      await addOn.validatePlan();
      expect(w.trigger.installed).toHaveLength(1);
    }
    const { w, addOn } = setUp();
    w.trigger.installationSource = 'WEB_STORE_ADD_ON';
    await addOn.onInstall({ authMode: 'FULL' });
    expect(w.trigger.installed.map((t) => t.handler)).toEqual(['onPlanChange']);
  });

  it('is never attempted by onEdit (AuthMode.LIMITED may not create triggers), which then reads the sheet at every edit', async () => {
    const { w, addOn } = setUp();
    await typeInto(w, addOn, 'Tracking Plan', 'F10', 'numbr');
    await typeInto(w, addOn, 'Tracking Plan', 'F11', 'numbr');
    expect([w.trigger.installed, w.logs, w.serviceCalls.filter((c) => c.startsWith('Cache.'))]).toEqual([[], [], []]);
    w.trigger.authMode = 'LIMITED';
    expect(() => (loadAddOn(w).onInstall as (e: object) => void)({ authMode: 'LIMITED' })).not.toThrow();
    expect(w.logs).toEqual([
      'Live validation will read the whole plan at each edit: You do not have permission to call ScriptApp.getUserTriggers. Required permissions: https://www.googleapis.com/auth/script.scriptapp',
    ]);
  });
});

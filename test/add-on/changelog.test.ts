// Issue 20, items 2 and 3, through the bundled add-on on the strict fakes against the emulator: looking (an import
// into a side sheet) never counts as syncing; after Restore a backup… the sheet is offered the restored plan, and a
// Send that would undo the restore says so first; and the visible Changelog, a row per Send and Restore.
import { Cell, useEmulator, World } from '../../src/apps-script-fakes';
import { EmulatorProcess, startEmulatorProcess } from '../../src/emulator/child-process';
import type { PublicRule } from '../../src/segment/rules';
import { DOCS_EXAMPLE } from '../fixtures/realistic-rules';
import { lastAlert, run, spreadsheet } from '../helpers/strict-sheets';

const TOKEN = 'sgp_changelog_token_00000001';
const READ_ONLY = 'sgp_changelog_read_only_0001';
let emulator: EmulatorProcess;

const event = (key: string, description = 'An event'): PublicRule => ({
  type: 'TRACK',
  key,
  version: 1,
  jsonSchema: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', description },
});

beforeEach(async () => {
  emulator = await startEmulatorProcess({
    tokens: [
      { token: TOKEN, workspace: 'acme', access: 'write' },
      { token: READ_ONLY, workspace: 'acme', access: 'read' },
    ],
    plans: [
      { workspace: 'acme', id: 'tp_web', resourceSchemaId: 'rs_web', name: 'Web', rules: [DOCS_EXAMPLE] },
      { workspace: 'acme', id: 'tp_formula', resourceSchemaId: 'rs_formula', name: '=HYPERLINK("x","y")', rules: [] },
      { workspace: 'acme', id: 'tp_mobile', resourceSchemaId: 'rs_mobile', name: 'Mobile', rules: [] },
    ],
  });
});
afterEach(() => emulator.stop());

function world(planId: string, plan: Cell[][] | null = null, token = TOKEN): World {
  const w = spreadsheet({
    ...(plan ? { 'Tracking Plan': plan } : {}),
    'Importer Settings': [
      ['Setting', 'Value'],
      ['Personal Access Token', token],
      ['Workspace Slug', 'acme'],
      ['Tracking Plan ID', planId],
      ['API', 'Public API'],
    ],
  });
  useEmulator(w, emulator.baseUrl);
  return w;
}

async function api(method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${emulator.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.ok).toBe(true);
}

const questions = (w: World) => w.ui.alerts.filter((a) => a.buttons === 'YES_NO').map((a) => a.message);
const HEADER = ['Time (UTC)', 'User', 'Action', 'Plan', 'Plan ID', 'What changed', 'Backup replaced', 'Result'];
const changelog = (w: World) => w.spreadsheet.sheet('Changelog').values.filter((r) => r.some((c) => c !== ''));

/** Imports Web into an empty Tracking Plan, adds Signed Out to the sheet, and sends it (a backup of Web as it was). */
async function importAndSend(w: World): Promise<void> {
  await run(w, 'importFromSegment');
  const sheet = w.spreadsheet.sheet('Tracking Plan');
  const row: Cell[] = sheet.values[0].map(() => '');
  row[1] = 'Signed Out';
  row[2] = 'When they sign out';
  sheet.typeRow(sheet.getLastRow() + 1, row);
  await run(w, 'sendToSegment');
}

describe('looking never counts as syncing', () => {
  it('an import into a side sheet leaves the last sync alone: the next Send still says the plan was edited in Segment', async () => {
    const w = world('tp_web', [['Event Type', 'Event Name', 'Property Name']]);
    await run(w, 'importFromSegment');
    // A colleague adds an event in the Segment app; the analyst looks at the plan in a side sheet.
    await api('PATCH', '/tracking-plans/tp_web/rules', { rules: [event('Added In App')] });
    await run(w, 'importFromSegment');
    expect(lastAlert(w)).toContain('Tracking Plan already has rows, so it was left as it is');
    w.ui.confirmAnswers = ['NO'];
    await run(w, 'sendToSegment');
    const [question] = questions(w);
    expect(question).toContain('Compared with Segment: Events and rules: 1 removed (Added In App).');
    expect(question).toContain(
      '⚠ The plan was edited in Segment since your last sync (2026-01-01 12:00 UTC); sending overwrites those edits:\n  Events and rules: 1 added (Added In App).',
    );
  });
});

describe('the Changelog sheet', () => {
  it('gets a row per Send, in a visible sheet made on first use: time, user, plan, what changed, the backup, the result', async () => {
    const w = world('tp_web', [['Event Type', 'Event Name', 'Property Name']]);
    await importAndSend(w);
    const sheet = w.spreadsheet.sheet('Changelog');
    expect(sheet.hidden).toBe(false);
    expect(changelog(w)).toEqual([
      HEADER,
      [
        '2026-01-01 12:00:00',
        'analyst@example.com',
        'Send',
        'Web',
        'tp_web',
        'Events added (1): Signed Out.',
        '2026-01-01 12:00:00',
        'sent',
      ],
    ]);
    // Nothing sent, nothing logged.
    await run(w, 'sendToSegment');
    expect(changelog(w)).toHaveLength(2);
  });

  it('logs a failed Send with Segment’s reason', async () => {
    const w = world(
      'tp_web',
      [
        ['Event Name', 'Event Description', 'Property Name'],
        ['Signed Out', 'When they sign out', ''],
      ],
      READ_ONLY,
    );
    await run(w, 'sendToSegment');
    expect(changelog(w).slice(1)).toEqual([
      [
        '2026-01-01 12:00:00',
        'analyst@example.com',
        'Send',
        'Web',
        'tp_web',
        'Events added (1): Signed Out; removed (1): User Logged In. Properties: 0 added, 1 removed (username (User Logged In)), 0 changed.',
        '2026-01-01 12:00:00',
        'failed: The token is valid but lacks write access to tracking plans (403), so Segment refused to replace the rules. Use a token with the Tracking Plan Admin (or Workspace Owner) role. Segment said: "PermissionDenied: an access token with write scope is required for this method"',
      ],
    ]);
    expect(JSON.stringify(w.spreadsheet.sheet('Changelog').values)).not.toContain(READ_ONLY);
  });

  it('writes a plan name that looks like a formula as text', async () => {
    const w = world('tp_formula', [
      ['Event Name', 'Event Description', 'Property Name'],
      ['=1+1', '+ when it adds', ''],
    ]);
    await run(w, 'sendToSegment');
    expect(changelog(w)[1].slice(2, 6)).toEqual(['Send', '=HYPERLINK("x","y")', 'tp_formula', 'Events added (1): =1+1.']);
  });

  it('gets a row per plan when the sheet has several', async () => {
    const w = spreadsheet({
      'Tracking Plan': [
        ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type', 'Sources'],
        ['Order Completed', 'An order is paid', '', '', '', ''],
        ['', '', 'order_id', 'The order', 'string', ''],
        ['App Opened', 'The app opens', '', '', '', 'iOS'],
      ],
      'Importer Settings': [
        ['Setting', 'Value'],
        ['Personal Access Token', TOKEN],
        ['Plan for Web', 'tp_web'],
        ['Plan for iOS', 'tp_mobile'],
      ],
    });
    useEmulator(w, emulator.baseUrl);
    await run(w, 'sendToSegment');
    expect(changelog(w).map((r) => r.slice(2))).toEqual([
      HEADER.slice(2),
      [
        'Send',
        'Web (Plan for Web)',
        'tp_web',
        'Events added (1): Order Completed; removed (1): User Logged In. Properties: 1 added (order_id (Order Completed)), 1 removed (username (User Logged In)), 0 changed.',
        '2026-01-01 12:00:00',
        'sent',
      ],
      [
        'Send',
        'Mobile (Plan for iOS)',
        'tp_mobile',
        'Events added (2): Order Completed, App Opened. Properties: 1 added (order_id (Order Completed)), 0 removed, 0 changed.',
        '2026-01-01 12:00:00',
        'sent',
      ],
    ]);
  });
});

describe('Restore a backup…', () => {
  /** Web with Signed Out sent, then its backup (Web as imported) restored; the sheet still holds Signed Out. */
  async function restoreTheBackup(w: World, writeSheet: 'YES' | 'NO', ownColumn = false): Promise<string> {
    await importAndSend(w);
    if (ownColumn) {
      const sheet = w.spreadsheet.sheet('Tracking Plan');
      sheet.typeRow(1, [...sheet.values[0].filter((c) => c !== ''), 'Owner']);
    }
    await run(w, 'showBackups');
    const [newest] = w.ui.dialogData('backups').backups;
    await run(w, 'reviewRestore', newest.id);
    w.ui.alerts.length = 0;
    w.ui.confirmAnswers = [writeSheet];
    await run(w, 'restoreBackup', newest.id);
    return questions(w)[0] ?? '';
  }

  it('offers to write the restored plan into the sheet, says what is lost, and logs the restore', async () => {
    const w = world('tp_web', [['Event Type', 'Event Name', 'Property Name']]);
    const question = await restoreTheBackup(w, 'NO', true);
    expect(question).toBe(
      'Restored tracking plan tp_web in workspace "acme" as it was at 2026-01-01 12:00 UTC. The Tracking Plan sheet still holds the plan you rolled back.\n\n' +
        'Write the restored plan into the Tracking Plan sheet? Its rows are replaced by the restored plan’s, as Import from Segment writes them. ' +
        'Not kept: the sheet’s column Owner.\n\n' +
        'No keeps the sheet as it is; the next Send to Segment would undo this restore, and its question will say so.',
    );
    expect(changelog(w).slice(1)).toEqual([
      [
        '2026-01-01 12:00:00',
        'analyst@example.com',
        'Send',
        'Web',
        'tp_web',
        'Events added (1): Signed Out.',
        '2026-01-01 12:00:00',
        'sent',
      ],
      [
        '2026-01-01 12:00:00',
        'analyst@example.com',
        'Restore',
        'Web',
        'tp_web',
        'Restored the backup of 2026-01-01 12:00:00. Events removed (1): Signed Out.',
        '2026-01-01 12:00:00',
        'sent',
      ],
    ]);
  });

  it('declined: the next Send’s question starts by saying it undoes the restore; once sent, no more', async () => {
    const w = world('tp_web', [['Event Type', 'Event Name', 'Property Name']]);
    await restoreTheBackup(w, 'NO');
    expect(w.spreadsheet.sheet('Tracking Plan').values.flat()).toContain('Signed Out');
    w.ui.confirmAnswers = ['NO'];
    await run(w, 'sendToSegment');
    const question = questions(w).at(-1) ?? '';
    expect(question.split('\n')[0]).toBe(
      '⚠ This undoes the restore of 2026-01-01 12:00 UTC by analyst@example.com (the backup of 2026-01-01 12:00:00): the sheet still holds the plan that restore rolled back.',
    );
    expect(question).toContain('Compared with Segment: Events and rules: 1 added (Signed Out).');
    await run(w, 'sendToSegment');
    const sheet = w.spreadsheet.sheet('Tracking Plan');
    const row: Cell[] = sheet.values[0].map(() => '');
    row[1] = 'Signed In Again';
    sheet.typeRow(sheet.getLastRow() + 1, row);
    w.ui.confirmAnswers = ['NO'];
    await run(w, 'sendToSegment');
    expect(questions(w).at(-1)).not.toContain('undoes the restore');
  });

  it('accepted: the sheet holds the restored plan, and the next Send finds nothing to change', async () => {
    const w = world('tp_web', [['Event Type', 'Event Name', 'Property Name']]);
    await restoreTheBackup(w, 'YES');
    const values = w.spreadsheet.sheet('Tracking Plan').values.flat();
    expect(values).not.toContain('Signed Out');
    expect(values).toContain('User Logged In');
    await run(w, 'sendToSegment');
    expect(lastAlert(w)).toBe('Segment already matches the sheet: nothing was sent to tracking plan tp_web in workspace "acme".');
  });
});

describe('a Restore that fails', () => {
  it('is logged with Segment’s reason, and the sheet is not offered the plan', async () => {
    const w = world('tp_web', [['Event Type', 'Event Name', 'Property Name']]);
    await importAndSend(w);
    await run(w, 'showBackups');
    const [newest] = w.ui.dialogData('backups').backups;
    w.spreadsheet.sheet('Importer Settings').typeRow(2, ['Personal Access Token', READ_ONLY]);
    w.ui.alerts.length = 0;
    await run(w, 'restoreBackup', newest.id);
    expect(questions(w)).toEqual([]);
    expect(changelog(w).at(-1)?.slice(2)).toEqual([
      'Restore',
      'Web',
      'tp_web',
      'Restored the backup of 2026-01-01 12:00:00. Events removed (1): Signed Out.',
      '2026-01-01 12:00:00',
      'failed: The token is valid but lacks write access to tracking plans (403), so Segment refused to replace the rules. Use a token with the Tracking Plan Admin (or Workspace Owner) role. Segment said: "PermissionDenied: an access token with write scope is required for this method"',
    ]);
  });
});

describe('Restore a backup… with several plans', () => {
  it('works per plan: the restore is logged and said to be undone by the next Send, in that plan only', async () => {
    const w = spreadsheet({
      'Tracking Plan': [
        ['Event Name', 'Event Description', 'Property Name', 'Sources'],
        ['Order Completed', 'An order is paid', '', ''],
        ['App Opened', 'The app opens', '', 'iOS'],
      ],
      'Importer Settings': [
        ['Setting', 'Value'],
        ['Personal Access Token', TOKEN],
        ['Plan for Web', 'tp_web'],
        ['Plan for iOS', 'tp_mobile'],
      ],
    });
    useEmulator(w, emulator.baseUrl);
    await run(w, 'sendToSegment');
    await run(w, 'showBackups');
    const mobile = w.ui.dialogData('backups').backups.find((b: { planId: string }) => b.planId === 'tp_mobile');
    if (!mobile) throw new Error('no backup of tp_mobile');
    await run(w, 'reviewRestore', mobile.id);
    w.ui.alerts.length = 0;
    await run(w, 'restoreBackup', mobile.id);
    expect(w.ui.alerts[0]?.message).toBe(
      'Restored tracking plan tp_mobile as it was at 2026-01-01 12:00 UTC. The Tracking Plan sheet still holds the plan you rolled back.\n\n' +
        'The sheet holds several plans, so the restored plan was not written into it: change the rows of Plan for iOS by hand (Compare with Segment lists the differences). Until then, the next Send to Segment would undo this restore, and its question will say so.',
    );
    expect(changelog(w).at(-1)?.slice(2)).toEqual([
      'Restore',
      'Mobile',
      'tp_mobile',
      'Restored the backup of 2026-01-01 12:00:00. Events removed (2): Order Completed, App Opened.',
      '2026-01-01 12:00:00',
      'sent',
    ]);
    w.ui.confirmAnswers = ['NO'];
    await run(w, 'sendToSegment');
    const question = questions(w).at(-1) ?? '';
    expect(question.split('\n').slice(0, 3)).toEqual([
      '⚠ This undoes the restore of 2026-01-01 12:00 UTC by analyst@example.com in Plan for iOS (tp_mobile) (the backup of 2026-01-01 12:00:00): the sheet still holds the plan that restore rolled back.',
      '',
      "Send 1 of the sheet's 2 plans to Segment?",
    ]);
  });
});

it('Help names the Changelog and the offer after a restore', async () => {
  const w = spreadsheet({});
  await run(w, 'showHelp');
  const help = w.ui.dialogs[0]?.html ?? '';
  expect(help).toContain('Each Send, Restore and Take adds a row to the <i>Changelog</i> sheet');
  expect(help).toContain('say No and the next Send warns that it undoes the restore');
});

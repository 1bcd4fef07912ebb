// The bundled add-on when Segment's answers are wrong, a co-editor names another host, or a token is pasted
// badly: nothing is lost, and the token goes nowhere but Segment and into no message.
import { Cell, loadAddOn, newWorld, nodeGzipBase64, realHttpResponder, Responder, World } from '../../src/apps-script-fakes';
import { EmulatorProcess, startEmulatorProcess } from '../../src/emulator/child-process';
import { jsonFromCells, META_COLUMNS } from '../../src/segment/backup-format';
import type { PublicRule } from '../../src/segment/rules';
import { templatePlanGrid } from '../../src/template/template-content';

const TOKEN = 'trust-token-5678';
let emulator: EmulatorProcess;
let send: Responder;

const rule = (i: number, text = 'v1'): PublicRule => ({
  type: 'TRACK',
  key: `Event ${i}`,
  version: 1,
  jsonSchema: { type: 'object', description: `${text} ${i}` },
});

beforeAll(async () => {
  emulator = await startEmulatorProcess({
    tokens: [{ token: TOKEN, workspace: 'acme', access: 'write' }],
    plans: [
      { workspace: 'acme', id: 'tp_web', resourceSchemaId: 'rs_web', name: 'Web', rules: [rule(1), rule(2)] },
      { workspace: 'acme', id: 'tp_big', resourceSchemaId: 'rs_big', name: 'Big', rules: Array.from({ length: 450 }, (_, i) => rule(i)) },
    ],
  });
  send = realHttpResponder();
});
afterAll(() => emulator.stop());

function world(planId: string, plan: Cell[][] = templatePlanGrid() as Cell[][], extra: Cell[][] = []): World {
  const w = newWorld();
  w.spreadsheet.addSheet('Tracking Plan', plan);
  w.spreadsheet.addSheet('Importer Settings', [['Personal Access Token', TOKEN], ['Tracking Plan ID', planId], ...extra]);
  w.fetch.responder = send;
  w.fetch.allow(emulator.baseUrl);
  w.testApiBaseUrl = emulator.baseUrl;
  return w;
}

async function click(w: World, fn: string, ...args: unknown[]): Promise<void> {
  await loadAddOn(w)[fn](...args);
}

const lastAlert = (w: World) => w.ui.alerts.at(-1)?.message ?? '';
/** The rules the emulator holds now, read synchronously as the add-on reads them. */
function rulesOf(planId: string): { rules: PublicRule[] } {
  const answer = send({
    url: `${emulator.baseUrl}/tracking-plans/${planId}/rules?pagination.count=200`,
    method: 'GET',
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  if (answer instanceof Error) throw answer;
  return JSON.parse(String(answer.body)).data;
}

function shown(w: World): string {
  return [w.ui.everything(), ...w.logs, ...w.spreadsheet.toasts].join('\n');
}

describe('a malformed answer from Segment', () => {
  it('stops Send before anything is backed up or written, and says why', async () => {
    const w = world('tp_web');
    w.fetch.responder = (call) =>
      call.method === 'GET' && call.url.includes('/rules') ? { status: 200, body: '<html>Sign in to the Wi-Fi</html>' } : send(call);
    await click(w, 'sendToSegment');
    expect(lastAlert(w)).toContain(
      "Segment's answer to the request to list the rules of tracking plan tp_web is not what Segment documents (the body is not JSON)",
    );
    expect(w.fetch.calls.filter((c) => c.method !== 'GET')).toEqual([]);
    expect(w.spreadsheet.getSheetByName('Segment Backups')).toBeNull();
    expect(w.ui.alerts.filter((a) => a.buttons === 'YES_NO')).toEqual([]);
    expect(rulesOf('tp_web').rules).toHaveLength(2);
  });
});

describe('edits made in Segment while Send asks', () => {
  it('ask again with the new comparison, and back up the plan actually overwritten', async () => {
    const w = world('tp_web');
    let asked = 0;
    w.ui.onAlert = (title) => {
      if (title !== 'Send to Segment?' || ++asked > 1) return;
      // A colleague adds a rule in the Segment app while the question is open.
      send({
        url: `${emulator.baseUrl}/tracking-plans/tp_web/rules`,
        method: 'PATCH',
        headers: { Authorization: `Bearer ${TOKEN}` },
        contentType: 'application/json',
        payload: JSON.stringify({ rules: [rule(77, 'added in the app')] }),
      });
    };
    await click(w, 'sendToSegment');
    const questions = w.ui.alerts.filter((a) => a.buttons === 'YES_NO').map((a) => a.message);
    expect(questions).toHaveLength(2);
    expect(questions[1]).toMatch(/^⚠ The plan changed in Segment while you were deciding \(Events and rules: 1 added \(Event 77\)/);
    expect(questions[1]).toContain('• event "Event 77" (and its 0 properties)');
    expect(w.ui.dialogs.at(-1)?.title).toBe('Sent to Segment');
    const backup = JSON.parse(jsonFromCells(w.spreadsheet.sheet('Segment Backups').values[1], META_COLUMNS, nodeGzipBase64));
    expect(backup.rules.map((r: PublicRule) => r.key)).toEqual(['Event 1', 'Event 2', 'Event 77']);
  });
});

describe('a failure part-way through batches', () => {
  it('says how many batches were applied and where the backup is', async () => {
    const grid: Cell[][] = [
      ['Event Name', 'Event Description', 'Property Name'],
      ...Array.from({ length: 450 }, (_, i) => [`Event ${i}`, `v2 ${i}`, '']),
    ];
    const w = world('tp_big', grid);
    let patches = 0;
    w.fetch.responder = (call) =>
      call.method === 'PATCH' && ++patches === 2
        ? { status: 400, body: { errors: [{ type: 'bad-request', message: 'rules[3]: invalid' }] } }
        : send(call);
    await click(w, 'sendToSegment');
    const message = lastAlert(w);
    expect(message).toContain('Segment rejected the request to update rules (400). Segment said: "rules[3]: invalid"');
    expect(message).toContain('Before this failure 1 of 3 batches had been applied, so Segment holds part of this upload');
    expect(message).toContain(
      'The plan as it was before this upload is backed up: Segment > Restore a backup… (the newest one) puts it back.',
    );
    expect(w.spreadsheet.sheet('Segment Backups').getLastRow()).toBe(2);
  });
});

describe('where the token goes', () => {
  it('a co-editor’s API Base URL is never used with a privately stored token', async () => {
    for (const url of ['https://collector.example.com/v1', 'https://api.segmentapis.com']) {
      const w = world('tp_web', undefined, [['API Base URL', url]]);
      w.userProperties.setProperty('segment.token', 'sgp_private_victim_token');
      w.spreadsheet.sheet('Importer Settings').typeCell('B1', '');
      w.fetch.whitelist.push('https://collector.example.com/');
      await click(w, 'sendToSegment');
      expect(w.fetch.calls).toEqual([]);
      expect(lastAlert(w)).toContain('Nothing was sent.');
      expect(lastAlert(w)).toContain('API Base URL (Importer Settings!B3)');
      expect(shown(w)).not.toContain('sgp_private_victim_token');
    }
  });

  it('an API Base URL that is not a Segment host is refused before anything is sent', async () => {
    const w = world('tp_web', undefined, [['API Base URL', 'https://collector.example.com/v1']]);
    w.fetch.whitelist.push('https://collector.example.com/');
    await click(w, 'sendToSegment');
    expect(w.fetch.calls).toEqual([]);
    expect(lastAlert(w)).toContain(
      "API Base URL (Importer Settings!B3) is https://collector.example.com/v1, which is not one of Segment's API hosts (platform.segmentapis.com, api.segmentapis.com, eu1.api.segmentapis.com): the add-on sends your token only to Segment.",
    );
  });

  it('a token pasted with a line break is refused up front, never quoted', async () => {
    const w = world('tp_web');
    w.spreadsheet.sheet('Importer Settings').typeCell('B1', `${TOKEN}\nsecond line`);
    await click(w, 'sendToSegment');
    expect(w.fetch.calls).toEqual([]);
    expect(lastAlert(w)).toContain('The Personal Access Token has a line break at character 17 of 28, so it cannot be sent.');
    expect(shown(w)).not.toContain(TOKEN);
  });

  it('a transport error quoting the token shows in no toast, retry notice or alert', async () => {
    const w = world('tp_web');
    w.fetch.responder = (call) => new Error(`Exception: Address unavailable (${call.headers.Authorization})`);
    await click(w, 'sendToSegment');
    expect(w.spreadsheet.toasts.some((t) => t.includes('trying again'))).toBe(true);
    expect(lastAlert(w)).toContain('Bearer [token hidden]');
    expect(shown(w)).not.toContain(TOKEN);
  });

  it('a request Apps Script calls malformed is not retried, and its message loses the token', async () => {
    const w = world('tp_web');
    w.fetch.responder = (call) => new Error(`Exception: Invalid argument: ${call.headers.Authorization}`);
    await click(w, 'sendToSegment');
    expect(w.fetch.calls).toHaveLength(1);
    expect(w.clock.sleeps).toEqual([]);
    expect(lastAlert(w)).toContain(
      'Apps Script refused the request as malformed (a header or address it cannot send). (Exception: Invalid argument: Bearer [token hidden].)',
    );
    expect(shown(w)).not.toContain(TOKEN);
  });

  it('Store token privately clears every token row and says to rotate the token', async () => {
    const w = world('tp_web', undefined, [['Token', TOKEN]]);
    const answer = loadAddOn(w).storePrivateToken('sgp_new_token_9999');
    const settings = w.spreadsheet.sheet('Importer Settings');
    expect([settings.values[0][1], settings.values[2][1]]).toEqual(['', '']);
    expect(answer).toBe(
      'Token stored privately for you. Cells B1, B3 of Importer Settings were cleared. The spreadsheet’s version history still holds what was typed there, and anyone who can open this file can read it: rotate the token in Segment (Settings > Access Management > Tokens) and store the new one here.',
    );
    expect(w.userProperties.getProperty('segment.token.spreadsheet-id')).toBe('sgp_new_token_9999');
  });
});

import { startEmulatorProcess, EmulatorProcess } from '../../src/emulator/child-process';
import { Cell, loadAddOn, newWorld, realHttpResponder, useEmulator, World } from '../../src/apps-script-fakes';
import { templatePlanGrid } from '../../src/template/template-content';
import { bigPlanGrid } from '../bench/big-plan';

// The bundled add-on (dist/Code.js) uploading to a tp_ plan of the emulator, over real HTTP.
let emulator: EmulatorProcess;

beforeEach(async () => {
  emulator = await startEmulatorProcess({
    tokens: [{ token: 'tok', workspace: 'acme', access: 'write' }],
    plans: [{ workspace: 'acme', id: 'tp_web', resourceSchemaId: 'rs_web', name: 'Web', rules: [] }],
  });
});
afterEach(() => emulator.stop());

function world(plan: Cell[][], settings: Array<[string, string]> = []): World {
  const w = newWorld();
  w.spreadsheet.addSheet('Tracking Plan', plan);
  w.spreadsheet.addSheet('Importer Settings', [['Personal Access Token', 'tok'], ['Tracking Plan ID', 'tp_web'], ...settings]);
  useEmulator(w, emulator.baseUrl);
  return w;
}

async function getJson(path: string) {
  const res = await fetch(`${emulator.baseUrl}${path}`, { headers: { Authorization: 'Bearer tok' } });
  return (await res.json()) as { data: { rules: Array<{ type: string; key?: string }>; pagination: { totalEntries: number } } };
}

describe('Send to Segment with a tp_ plan', () => {
  it('replaces the rules through the Public API, page rows included, and confirms them by reading back', async () => {
    const grid = templatePlanGrid() as Cell[][];
    grid.push(['screen', 'Cart', 'The cart screen', '', '', '', '', '', '', '', '', '', '']);
    const w = world(grid);
    await loadAddOn(w).sendToSegment();
    expect(w.ui.alerts.find((a) => a.buttons === 'YES_NO')?.message).toContain(
      'Replace tracking plan tp_web with 5 events and 28 properties',
    );
    expect(w.fetch.calls.map((c) => `${c.method} ${c.url.replace(emulator.baseUrl, '').split('?')[0]}`)).toEqual([
      'GET /tracking-plans/tp_web',
      'GET /tracking-plans/tp_web/rules',
      // Read again after Yes: the plan may have changed while the confirmation was open.
      'GET /tracking-plans/tp_web',
      'GET /tracking-plans/tp_web/rules',
      'PUT /tracking-plans/tp_web/rules',
      'GET /tracking-plans/tp_web/rules',
      'GET /tracking-plans/tp_web',
    ]);
    const dialog = w.ui.dialogs.at(-1);
    expect(dialog?.title).toBe('Sent to Segment');
    expect(dialog?.html).toContain('Read back: Segment now holds 8 rules in this plan, matching the sheet.');
    const rules = await getJson('/tracking-plans/tp_web/rules?pagination.count=200');
    expect(rules.data.rules.map((r) => r.key ?? r.type)).toEqual([
      'User Logged In',
      'User Signed Up',
      'Order Completed',
      'Article Viewed',
      'IDENTIFY',
      'GROUP',
      'COMMON',
      'Cart',
    ]);
  });

  it('stops between batches before the 6-minute limit and says that running again finishes', async () => {
    const w = world(bigPlanGrid(450, 1) as Cell[][]);
    const send = realHttpResponder();
    // Each batch "takes" 200 s of the execution's clock.
    w.fetch.responder = (call) => {
      if (call.method === 'PATCH') w.clock.now += 200_000;
      return send(call);
    };
    await loadAddOn(w).sendToSegment();
    expect(w.ui.dialogs.at(-1)?.title).toBe('Segment: upload not finished');
    expect(w.ui.dialogs.at(-1)?.html).toContain('Stopped after 2 of 3 batches');
    expect((await getJson('/tracking-plans/tp_web/rules?pagination.count=200')).data.pagination.totalEntries).toBe(400);

    const again = world(bigPlanGrid(450, 1) as Cell[][]);
    await loadAddOn(again).sendToSegment();
    expect(again.ui.dialogs.at(-1)?.html).toContain('Segment now holds 450 rules in this plan, matching the sheet');
    expect(again.fetch.calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);
  });
});

describe('Region EU', () => {
  it('sends to eu1.api.segmentapis.com', async () => {
    const w = newWorld();
    w.spreadsheet.addSheet('Tracking Plan', templatePlanGrid() as Cell[][]);
    w.spreadsheet.addSheet('Importer Settings', [
      ['Personal Access Token', 'tok'],
      ['Tracking Plan ID', 'tp_eu'],
      ['Region', 'EU'],
    ]);
    w.fetch.responder = () => ({ status: 404, body: { errors: [{ type: 'not-found', message: 'Resource not found' }] } });
    await loadAddOn(w).sendToSegment();
    expect(w.fetch.calls[0].url).toBe('https://eu1.api.segmentapis.com/tracking-plans/tp_eu');
    expect(w.ui.alerts.at(-1)?.message).toContain('Segment found no tracking plan "tp_eu" for this token (404)');
  });
});

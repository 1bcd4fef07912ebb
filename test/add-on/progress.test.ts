// Issue 18, item 3: Send, Restore and Import say what they are doing, phase by phase, in toasts and in the progress
// record the sidebar reads (document property segment.progress), through the built dist/Code.js.
import { Cell, fakeConfigPlan, loadAddOn, newWorld, useEmulator, World } from '../../src/apps-script-fakes';
import { startEmulatorProcess, EmulatorProcess } from '../../src/emulator/child-process';
import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { buildConfigUpdateBody } from '../../src/segment/config-api';
import { templatePlanGrid } from '../../src/template/template-content';
import { bigPlanGrid } from '../bench/big-plan';
import { PLAN_ID, run, SETTINGS, spreadsheet } from '../helpers/strict-sheets';

const progress = (w: World) => JSON.parse(w.documentProperties.getProperty('segment.progress') ?? 'null') as unknown;

describe('Send to Segment, Public API in batches', () => {
  let emulator: EmulatorProcess;
  beforeEach(async () => {
    emulator = await startEmulatorProcess({
      tokens: [{ token: 'tok', workspace: 'acme', access: 'write' }],
      plans: [{ workspace: 'acme', id: 'tp_web', resourceSchemaId: 'rs_web', name: 'Web', rules: [] }],
    });
  });
  afterEach(() => emulator.stop());

  it('toasts each phase: reading Segment, reading again after Yes, backing up, batch n of m, reading back, done', async () => {
    const w = newWorld();
    w.spreadsheet.addSheet('Tracking Plan', bigPlanGrid(450, 1) as Cell[][]);
    w.spreadsheet.addSheet('Importer Settings', [
      ['Personal Access Token', 'tok'],
      ['Tracking Plan ID', 'tp_web'],
    ]);
    useEmulator(w, emulator.baseUrl);
    // Which requests each toast came before: a toast is shown as its phase begins.
    const seen: string[] = [];
    const respond = w.fetch.responder;
    w.fetch.responder = (call) => {
      seen.push(`${call.method} ${call.url.replace(emulator.baseUrl, '').split('?')[0]}`);
      return respond(call);
    };
    const toast = w.spreadsheet.toast.bind(w.spreadsheet);
    w.spreadsheet.toast = (message: string) => {
      seen.push(`toast: ${message}`);
      toast(message);
    };
    await loadAddOn(w).sendToSegment();
    expect(w.ui.dialogs.at(-1)?.title).toBe('Sent to Segment');
    expect(seen).toEqual([
      'toast: Reading the plan in Segment…',
      'GET /tracking-plans/tp_web',
      'GET /tracking-plans/tp_web/rules',
      'toast: Reading the plan in Segment again, in case it changed while you were asked…',
      'GET /tracking-plans/tp_web',
      'GET /tracking-plans/tp_web/rules',
      'toast: Backing up the plan in Segment (Segment > Restore a backup… puts it back)…',
      'toast: Uploading batch 1 of 3…',
      'PATCH /tracking-plans/tp_web/rules',
      'toast: Uploading batch 2 of 3…',
      'PATCH /tracking-plans/tp_web/rules',
      'toast: Uploading batch 3 of 3…',
      'PATCH /tracking-plans/tp_web/rules',
      'toast: Reading the plan back from Segment to check it…',
      'GET /tracking-plans/tp_web/rules',
      'GET /tracking-plans/tp_web/rules',
      'GET /tracking-plans/tp_web/rules',
      'GET /tracking-plans/tp_web',
      'toast: Uploaded 450 events (450 properties) to tracking plan tp_web (7 requests).',
    ]);
    expect(progress(w)).toEqual({
      phase: 'Uploaded 450 events (450 properties) to tracking plan tp_web (7 requests).',
      at: w.clock.now,
      done: true,
    });
  });
});

describe('Send to Segment, Config API', () => {
  it('one PUT is "Uploading the plan…"; a cancelled send ends the record with "Nothing was sent."', async () => {
    const w = spreadsheet({ 'Tracking Plan': templatePlanGrid() as Cell[][], 'Importer Settings': SETTINGS });
    fakeConfigPlan(w, PLAN_ID);
    await run(w, 'sendToSegment');
    expect(w.spreadsheet.toasts).toEqual([
      'Reading the plan in Segment…',
      'Reading the plan in Segment again, in case it changed while you were asked…',
      'Backing up the plan in Segment (Segment > Restore a backup… puts it back)…',
      'Uploading the plan…',
      'Uploaded 4 events (28 properties) and the identify, group, common rules to tracking plan rs_2StrictFakesPlan000000000 in workspace "acme".',
    ]);

    w.spreadsheet.toasts.length = 0;
    w.spreadsheet.sheet('Tracking Plan').typeCell('C4', 'Changed in the sheet');
    w.ui.confirmAnswers = ['NO'];
    await run(w, 'sendToSegment');
    expect(w.spreadsheet.toasts).toEqual(['Reading the plan in Segment…', 'Nothing was sent.']);
    expect(progress(w)).toMatchObject({ phase: 'Nothing was sent.', done: true });
  });

  it('a failed send ends the record, so the sidebar does not show it running forever', async () => {
    const w = spreadsheet({ 'Tracking Plan': templatePlanGrid() as Cell[][], 'Importer Settings': SETTINGS });
    w.fetch.responder = () => ({ status: 401, body: {} });
    await run(w, 'sendToSegment');
    expect(progress(w)).toMatchObject({ phase: 'Send to Segment stopped before the end; its message says why.', done: true });
  });
});

describe('Import from Segment', () => {
  it('toasts reading Segment, writing the rows, and what was imported', async () => {
    const w = spreadsheet({ 'Importer Settings': SETTINGS });
    fakeConfigPlan(w, PLAN_ID).rules = buildConfigUpdateBody(parseTrackingPlan(templatePlanGrid()).plan).tracking_plan.rules;
    await run(w, 'importFromSegment');
    expect(w.spreadsheet.toasts).toEqual([
      'Reading the plan in Segment…',
      'Writing 4 events and 28 properties plus identify, group, common rules (33 rows) into the sheet…',
      'Imported 4 events and 28 properties plus identify, group, common rules from tracking plan rs_2StrictFakesPlan000000000 in workspace "acme" ("Plan") into the sheet "Tracking Plan".',
    ]);
    expect(progress(w)).toMatchObject({ done: true });
  });
});

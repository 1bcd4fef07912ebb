// `npm run bench`: times the engine on Segment-sized plans. A command, not a test: it prints figures.
import { performance } from 'perf_hooks';
import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { hasErrors } from '../../src/plan/problems';
import { buildConfigUpdateBody } from '../../src/segment/config-api';
import { bigPlanGrid } from './big-plan';
import { Cell, fakeConfigPlan, loadAddOn, newWorld } from '../../src/apps-script-fakes';
import { fetchClient } from '../../src/cli/fetch-client';
import { startEmulator } from '../../src/emulator/server';
import { uploadPlan } from '../../src/segment/upload';
import { META_COLUMNS } from '../../src/segment/backup-format';
import { benchCheck } from './check-bench';
import { benchAgainstBaseline } from './baseline';
import { benchProblems } from './problems-bench';
import { benchSidebar } from './sidebar-bench';
import { benchEdits } from './edit-bench';
import { median } from './median';

function engineOnce(grid: ReturnType<typeof bigPlanGrid>): { ms: number; built: number; bytes: number } {
  const start = performance.now();
  const { plan, problems } = parseTrackingPlan(grid);
  if (hasErrors(problems)) throw new Error('the bench plan should be clean');
  const rules = buildConfigUpdateBody(plan);
  const built = performance.now() - start;
  const body = JSON.stringify(rules);
  return { ms: performance.now() - start, built, bytes: body.length };
}

function benchEngine(): void {
  console.log('Engine in-process: parse + validate + build (goal at 102,000 rows: at most 500 ms), then serialise');
  let peakRss = process.memoryUsage().rss;
  for (const events of [200, 1000, 2000]) {
    const grid = bigPlanGrid(events, 50);
    const rows = grid.length - 1;
    const times: number[] = [];
    const builds: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 7; i++) {
      const run = engineOnce(grid);
      times.push(run.ms);
      builds.push(run.built);
      bytes = run.bytes;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const m = median(times);
    console.log(
      `  ${String(rows).padStart(7)} rows (${events} events x 50 properties): parse + build median ${median(builds).toFixed(0)} ms; ` +
        `with serialising median ${m.toFixed(0)} ms, min ${Math.min(...times).toFixed(0)} ms, ${((m / rows) * 1000).toFixed(2)} µs/row, body ${(bytes / 1e6).toFixed(1)} MB`,
    );
  }
  console.log(`  peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
}

/** Segment > Send to Segment on a 100,000-row plan, the built dist/Code.js run through gas-local. */
async function benchAddOn(): Promise<void> {
  console.log('Add-on: Send to Segment through gas-local (dist/Code.js, in-memory Sheets and UrlFetchApp)');
  const times: number[] = [];
  let calls = 0;
  let bytes = 0;
  for (let i = 0; i < 3; i++) {
    const world = newWorld();
    world.spreadsheet.addSheet('Tracking Plan', bigPlanGrid(2000, 50) as Cell[][]);
    world.spreadsheet.addSheet('Importer Settings', [
      ['Personal Access Token', 'bench-token'],
      ['Workspace Slug', 'bench'],
      ['Tracking Plan ID', 'rs_bench'],
    ]);
    fakeConfigPlan(world, 'rs_bench');
    const segment = world.fetch.responder;
    world.fetch.responder = (call) => {
      if (call.payload) bytes = call.payload.length;
      return segment(call);
    };
    const addOn = loadAddOn(world);
    const start = performance.now();
    await addOn.sendToSegment();
    times.push(performance.now() - start);
    if (world.ui.dialogs.at(-1)?.title !== 'Sent to Segment') throw new Error(world.ui.everything());
    calls = world.serviceCalls.length;
  }
  console.log(
    `  102000 rows: median ${median(times).toFixed(0)} ms (Apps Script allows 360,000 ms), ${calls} service calls, request body ${(bytes / 1e6).toFixed(1)} MB`,
  );
}

/**
 * A 2,000-event x 30-property plan (62,000 rows) on the strict Sheets fakes: Import from Segment into a new
 * spreadsheet, then Send to Segment after one edit (a backup of the whole plan, then the upload).
 */
async function benchImportAndSend(): Promise<void> {
  console.log('Add-on on the strict fakes: a 2,000-event x 30-property plan (62,000 rows)');
  const rules = buildConfigUpdateBody(parseTrackingPlan(bigPlanGrid(2000, 30)).plan).tracking_plan.rules;
  const imports: number[] = [];
  const sends: number[] = [];
  let backupChars = 0;
  let backupCells = 0;
  for (let i = 0; i < 3; i++) {
    const world = newWorld();
    world.spreadsheet.insertSheet('Sheet1');
    world.spreadsheet.addSheet('Importer Settings', [
      ['Personal Access Token', 'bench-token'],
      ['Workspace Slug', 'bench'],
      ['Tracking Plan ID', 'rs_bench'],
    ]);
    fakeConfigPlan(world, 'rs_bench').rules = rules;
    let start = performance.now();
    await loadAddOn(world).importFromSegment();
    imports.push(performance.now() - start);
    if (!world.ui.alerts.at(-1)?.message.startsWith('Imported 2000 events')) throw new Error(world.ui.everything());
    world.spreadsheet.sheet('Tracking Plan').typeCell('C2', 'Edited before sending');
    start = performance.now();
    await loadAddOn(world).sendToSegment();
    sends.push(performance.now() - start);
    if (world.ui.dialogs.at(-1)?.title !== 'Sent to Segment') throw new Error(world.ui.everything());
    const backup = world.spreadsheet
      .sheet('Segment Backups')
      .values[1].slice(META_COLUMNS)
      .filter((v) => v !== '');
    backupChars = backup.reduce((n: number, v) => n + String(v).length, 0);
    backupCells = backup.length;
  }
  const json = JSON.stringify({ api: 'config', rules }).length;
  console.log(`  Import from Segment: median ${median(imports).toFixed(0)} ms`);
  console.log(`  Send to Segment (review, backup, upload, read back): median ${median(sends).toFixed(0)} ms`);
  console.log(
    `  backup: ${(backupChars / 1e6).toFixed(2)} MB of cell text in ${backupCells} cells (the plan's JSON is ${(json / 1e6).toFixed(1)} MB; limit 1.5 MB)`,
  );
}

/** A 2,000-rule plan to the Public API of the emulator over loopback HTTP: first upload, then an unchanged re-run. */
async function benchPublicApi(): Promise<void> {
  console.log('Public API: 2,000 rules (2,000 events x 12 properties) to the emulator over loopback HTTP');
  const { plan } = parseTrackingPlan(bigPlanGrid(2000, 12));
  const retry = { sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)), now: () => Date.now() };
  for (const run of ['first upload', 'unchanged re-run']) {
    const times: number[] = [];
    let summary = '';
    for (let i = 0; i < 3; i++) {
      const emulator = await startEmulator({
        seed: { tokens: [{ token: 't', workspace: 'w', access: 'write' }], plans: [{ workspace: 'w', id: 'tp_bench', rules: [] }] },
      });
      const target = {
        api: 'public' as const,
        public: { baseUrl: emulator.baseUrl, token: 't', trackingPlanId: 'tp_bench' },
        displayName: '',
        workspaceSlug: '',
      };
      if (run === 'unchanged re-run') await uploadPlan(fetchClient(), target, plan, retry);
      emulator.requests.length = 0;
      const start = performance.now();
      const report = await uploadPlan(fetchClient(), target, plan, retry);
      times.push(performance.now() - start);
      const writes = emulator.requests.filter((r) => r.method !== 'GET');
      const largest = Math.max(0, ...emulator.requests.map((r) => r.bytes));
      summary =
        `${report.requests} requests (${writes.length} writes: ${writes.map((r) => r.method).join(' ') || 'none'}), ` +
        `largest body ${(largest / 1e6).toFixed(2)} MB, at most ${Math.max(0, ...emulator.requests.map((r) => r.rules ?? 0))} rules a request, read back ${report.differences.length === 0 ? 'equal' : 'DIFFERENT'}`;
      await emulator.close();
    }
    console.log(`  ${run}: median ${median(times).toFixed(0)} ms; ${summary}`);
  }
}

async function main(): Promise<void> {
  // The engine first, on a fresh heap: what runs before it leaves hundreds of MB for the collector to walk.
  benchEngine();
  benchCheck();
  await benchAgainstBaseline();
  await benchProblems();
  benchSidebar();
  await benchEdits();
  await benchAddOn();
  await benchImportAndSend();
  await benchPublicApi();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

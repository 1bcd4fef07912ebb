/**
 * sidebarState(), which the sidebar asks every two seconds, on the 62,000-row plan (2,000 events x 30 properties):
 * after an edit (the revision moved: both sheets read and checked) and with nothing changed (the cached state).
 * The built dist/Code.js on the strict fakes, a fresh execution each call, as google.script.run runs it.
 */
import { performance } from 'perf_hooks';
import { Cell, loadAddOn, newWorld, World } from '../../src/apps-script-fakes';
import { COLUMNS } from '../../src/plan/columns';
import { bigPlanGrid } from './big-plan';
import { median } from './median';

const SHEET_CALL = /^(SpreadsheetApp\.getActive|Spreadsheet\.|Sheet\.|Range\.|RangeList\.)/;

/** What onEdit does for the sidebar: the edit, then the plan's revision moved on. */
function edit(world: World, row: number, value: string): void {
  const column = COLUMNS.findIndex((c) => c.key === 'propertyType');
  world.spreadsheet.sheet('Tracking Plan').typeCell(`${String.fromCharCode(65 + column)}${row}`, value);
  world.documentProperties.setProperty('segment.planRevision', `${world.clock.now}.${row}.${value}`);
}

function call(world: World, shownRevision: string): { ms: number; calls: number; sheetCalls: number; revision: string; bytes: number } {
  const before = world.serviceCalls.length;
  const addOn = loadAddOn(world);
  const start = performance.now();
  const state = addOn.sidebarState(shownRevision) as { revision: string };
  const ms = performance.now() - start;
  const calls = world.serviceCalls.slice(before);
  return {
    ms,
    calls: calls.length,
    sheetCalls: calls.filter((c) => SHEET_CALL.test(c)).length,
    revision: state.revision,
    bytes: JSON.stringify(state).length,
  };
}

export function benchSidebar(): void {
  console.log('Add-on on the strict fakes: sidebarState() on a 62,000-row plan (the sidebar asks every 2 s)');
  const world = newWorld();
  world.spreadsheet.addSheet('Tracking Plan', bigPlanGrid(2000, 30) as Cell[][]);
  let shown = call(world, '').revision;
  const changed: ReturnType<typeof call>[] = [];
  const unchanged: ReturnType<typeof call>[] = [];
  for (let i = 0; i < 5; i++) {
    edit(world, 3 + i, i % 2 === 0 ? 'strng' : 'string');
    const after = call(world, shown);
    changed.push(after);
    shown = after.revision;
    for (let j = 0; j < 3; j++) unchanged.push(call(world, shown));
  }
  const line = (label: string, runs: ReturnType<typeof call>[]) =>
    console.log(
      `  ${label}: median ${median(runs.map((r) => r.ms)).toFixed(1)} ms, ${runs[0].calls} service calls (${runs[0].sheetCalls} to the spreadsheet), answer ${(runs[0].bytes / 1000).toFixed(1)} KB`,
    );
  line('after an edit   ', changed);
  line('nothing changed ', unchanged);
}

if (require.main === module) benchSidebar();

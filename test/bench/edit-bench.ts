/**
 * Validation on edit on the 62,000-row plan (2,000 events x 30 properties): a one-cell edit and a 500-row paste,
 * run as Sheets runs onEdit, each a fresh execution: its time, its Sheets calls and the cells it reads.
 */
import { performance } from 'perf_hooks';
import { AddOn, Cell, editCells, loadAddOn, newWorld, World } from '../../src/apps-script-fakes';
import { bigPlanGrid } from './big-plan';
import { median } from './median';

/** Calls that read or write the document (values, notes, fills, sizes), not the ones that only name a range. */
export function sheetsDataCalls(world: World): string[] {
  return world.serviceCalls.filter((c) =>
    /^(Range|Sheet|RangeList)\.(get(Values|Notes|Backgrounds|DisplayValues|LastRow|LastColumn|MaxRows|MaxColumns)|set\w+|clear\w*|insert\w+|delete\w+)$/.test(
      c,
    ),
  );
}

/** Every call on Sheets' objects (SpreadsheetApp, Spreadsheet, Sheet, Range, RangeList): each costs tens of ms. */
export function sheetsCalls(world: World): string[] {
  return world.serviceCalls.filter((c) => /^(SpreadsheetApp|Spreadsheet|Sheet|Range|RangeList)\./.test(c));
}

export function bigPlanWorld(): { world: World; addOn: AddOn; grid: Cell[][] } {
  const world = newWorld();
  const grid = bigPlanGrid(2000, 30) as Cell[][];
  world.spreadsheet.addSheet('Tracking Plan', grid);
  world.spreadsheet.addSheet('Importer Settings', [['Tracking Plan ID', 'rs_bench']]);
  return { world, addOn: loadAddOn(world), grid };
}

/** 500 rows of events and properties as an analyst pastes them from another plan. */
export function pastedRows(grid: Cell[][], from: number): Cell[][] {
  return grid.slice(from, from + 500).map((row) => row.map((v) => (v === 'string' ? 'strng' : v)));
}

export async function benchEdits(): Promise<void> {
  console.log('Add-on on the strict fakes: onEdit on the 62,000-row plan (goal: one cell ≤ 15 Sheets calls, ≤ 300 ms)');
  const cold = bigPlanWorld();
  const warm = bigPlanWorld();
  // Validate plan installs the onChange trigger and leaves the plan's index in the cache for the next edit.
  await warm.addOn.validatePlan();
  const oneCell = (w: typeof cold) => () => editCells(w.world, w.addOn, 'Tracking Plan', 'F31000', [['strng']]);
  const paste = (w: typeof cold) => () => editCells(w.world, w.addOn, 'Tracking Plan', 'A40001', pastedRows(w.grid, 40_000));
  await measure('after Validate plan (index cached)', warm.world, [
    ['one-cell edit (a Property Type, row 31,000)', oneCell(warm)],
    ['500-row paste (rows 40,001-40,500)', paste(warm)],
  ]);
  await measure('no onChange trigger yet (every edit reads five columns)', cold.world, [
    ['one-cell edit (a Property Type, row 31,000)', oneCell(cold)],
    ['500-row paste (rows 40,001-40,500)', paste(cold)],
  ]);
}

async function measure(title: string, world: World, cases: Array<[string, () => Promise<unknown>]>): Promise<void> {
  console.log(`  ${title}:`);
  for (const [label, edit] of cases) {
    const times: number[] = [];
    const cpu: number[] = [];
    let calls = 0;
    let cells = 0;
    for (let i = 0; i < 7; i++) {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      await edit();
      const used = process.cpuUsage(cpuStart);
      times.push(performance.now() - start);
      cpu.push((used.user + used.system) / 1000);
      calls = sheetsCalls(world).length;
      cells = world.spreadsheet.cellsRead;
    }
    console.log(
      `    ${label}: median ${median(times).toFixed(0)} ms (CPU ${median(cpu).toFixed(0)} ms), ${calls} Sheets calls (${sheetsDataCalls(world).length} reading or writing; ${world.serviceCalls.length} service calls in all), ${cells.toLocaleString('en')} cells read`,
    );
  }
}

if (require.main === module) {
  benchEdits().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}

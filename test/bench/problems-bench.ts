/**
 * Segment > Validate plan on a sheet full of problems: a 2,000-event x 30-property plan (62,000 rows) whose every
 * Property Type reads `strng`, so 60,000 cells are marked (fill and note) and listed. The built dist/Code.js runs
 * on the strict Sheets fakes, a fresh execution each time.
 */
import { performance } from 'perf_hooks';
import { Cell, loadAddOn, newWorld } from '../../src/apps-script-fakes';
import { COLUMNS } from '../../src/plan/columns';
import { bigPlanGrid } from './big-plan';
import { median } from './median';

/** The 62,000-row plan with `problems` of its Property Types misspelt (`strng`). */
export function planWithProblems(problems: number): Cell[][] {
  const grid = bigPlanGrid(2000, 30) as Cell[][];
  const typeColumn = COLUMNS.findIndex((c) => c.key === 'propertyType');
  let left = problems;
  for (const row of grid.slice(1)) {
    if (left === 0) break;
    if (row[typeColumn] !== '') {
      row[typeColumn] = 'strng';
      left--;
    }
  }
  return grid;
}

export async function benchProblems(): Promise<void> {
  console.log('Add-on on the strict fakes: Validate plan marking and listing problems (62,000 rows, every Property Type `strng`)');
  for (const count of [15_000, 30_000, 60_000]) {
    const times: number[] = [];
    let listed = 0;
    let calls = 0;
    for (let i = 0; i < 3; i++) {
      const world = newWorld();
      world.spreadsheet.addSheet('Tracking Plan', planWithProblems(count));
      const start = performance.now();
      await loadAddOn(world).validatePlan();
      times.push(performance.now() - start);
      listed = world.ui.dialogData('problems').problems.length;
      calls = world.serviceCalls.length;
    }
    console.log(
      `  ${count.toLocaleString('en')} problems: median ${(median(times) / 1000).toFixed(2)} s, ${listed.toLocaleString('en')} listed, ${calls} service calls`,
    );
  }
}

if (require.main === module) {
  benchProblems().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}

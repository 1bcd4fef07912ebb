import type { Problem } from '../plan/problems';

/** Where a problem is, as Sheets names it: `Tracking Plan!E7`, or the sheet alone for a sheet-wide problem. */
export function problemPlace(p: Problem): string {
  return p.cell ? `${p.sheet}!${p.cell}` : p.sheet;
}

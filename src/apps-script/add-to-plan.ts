/**
 * Check an event…'s Add to plan: rows for what the pasted calls carry and the plan lacks (unplanned events, rules and
 * properties), inferred from every call, appended to the Tracking Plan sheet in one write.
 */
import { inferredCells, RowInference } from '../events/infer-rows';
import { readCalls } from '../events/read-calls';
import type { ColumnKey } from '../plan/columns';
import { columnIndex } from '../plan/problems';
import { check, MAX_PASTE_CHARS, planToCheck } from './event-check';
import type { AddToPlanAnswer } from './pages';
import { appendRows } from './spreadsheet';

type Cell = string | number | boolean;

/** Called by the dialog (google.script.run): appends the rows, then checks the paste again against the plan now. */
export function addToPlan(text: string): AddToPlanAnswer {
  if (typeof text !== 'string' || text.length > MAX_PASTE_CHARS) {
    const error = `Paste at most ${MAX_PASTE_CHARS.toLocaleString('en-US')} characters.`;
    return { error, message: null, answer: check('') };
  }
  const outcome = append(text);
  const answer = check(text);
  return 'error' in outcome ? { error: outcome.error, message: null, answer } : { error: null, message: outcome.message, answer };
}

function append(text: string): { error: string } | { message: string } {
  const plan = planToCheck();
  if ('error' in plan) return { error: plan.error };
  const { planSheet, parsed } = plan;
  const inference = new RowInference(parsed.plan);
  for (const call of readCalls(text).calls) inference.add(call);
  const rows = inference.rows();
  if (rows.length === 0) return { error: 'Every event and property in these calls is in the plan already: nothing to add.' };
  const columns = parsed.columns;
  if (columns.eventName === undefined || columns.propertyName === undefined || columns.eventName === columns.propertyName)
    return { error: `${planSheet.name} has no separate Event Name and Property Name columns for the rows to go in.` };
  const width = Math.max(...planSheet.values.map((row) => row.length));
  const lacking = rows.some((r) => r.eventType !== '' && r.eventType !== 'track') && columns.eventType === undefined;
  if (lacking) return { error: `${planSheet.name} has no Event Type column, so the identify, group, page or screen rows cannot be added.` };
  const cells = rows.map((row) => {
    const out = new Array<Cell>(width).fill('');
    for (const [key, value] of Object.entries(inferredCells(row)) as [ColumnKey, Cell][]) {
      const letter = columns[key];
      // A column both descriptions share (a plain Description) takes whichever the row fills.
      if (letter !== undefined && value !== '') out[columnIndex(letter)] = value;
    }
    return out;
  });
  const first = appendRows(planSheet.sheet, planSheet.values.length, cells);
  const last = first + rows.length - 1;
  const where = rows.length === 1 ? `row ${first}` : `rows ${first} to ${last}`;
  return {
    message: `Added ${rows.length} ${rows.length === 1 ? 'row' : 'rows'} to ${planSheet.name} (${where}). Each description holds an example: rewrite it, then Validate plan.`,
  };
}

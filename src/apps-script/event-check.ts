/**
 * Segment > Check an event…: a payload pasted in a dialog, checked against the Tracking Plan sheet as Segment
 * would, each violation linked to the row that defines what it broke.
 */
import { CallChecker, CallResult, CompileSchema } from '../events/check-calls';
import { readCalls, UnreadableCall } from '../events/read-calls';
import { subsetValidator } from '../events/schema-subset';
import { parseTrackingPlan } from '../plan/parse-plan';
import { hasErrors } from '../plan/problems';
import { guarded } from './context';
import { readTrackingPlanSheet } from './spreadsheet';
import { showPage } from './ui';

/** What the dialog shows for one check: results with the cell of each violation's row, or why nothing was checked. */
export interface EventCheckAnswer {
  error: string | null;
  sheet: string;
  /** The first results, with at most MAX_SHOWN violations among them; the totals count them all. */
  results: (CallResult & { cells: (string | null)[] })[];
  /** The first MAX_SHOWN unreadable lines or items. */
  unreadable: UnreadableCall[];
  totals: { calls: number; failing: number; violations: number; unreadable: number };
}

/**
 * Violations (and unreadable lines) sent to the dialog and shown: a 1,000,000-character paste can break 80,000
 * times, and a table of 80,000 rows takes the dialog seconds to draw and nobody reads it; the totals say how many.
 */
const MAX_SHOWN = 300;

/** A payload is pasted by hand: a few calls, not a warehouse sample. */
const MAX_PASTE_CHARS = 1_000_000;

export function showEventCheck(): Promise<void> {
  return guarded('Check an event', () => {
    showPage('check', 'Segment: check an event', { maxChars: MAX_PASTE_CHARS }, 760, 540);
  });
}

// No ajv in Apps Script: the walker checks every keyword the sheet writes, and says so for a rule it cannot check.
const compile: CompileSchema = (schema) =>
  subsetValidator(schema) ??
  (() => [
    {
      keyword: 'unchecked',
      instancePath: '',
      params: {},
      message: 'This rule uses JSON Schema keywords the add-on does not check; run node dist/cli.js check for it.',
    },
  ]);

/** Called by the dialog (google.script.run): the pasted text checked against the plan as the sheet holds it now. */
export function checkEvents(text: string): EventCheckAnswer {
  const none = (sheet: string, error: string): EventCheckAnswer => ({
    error,
    sheet,
    results: [],
    unreadable: [],
    totals: { calls: 0, failing: 0, violations: 0, unreadable: 0 },
  });
  if (typeof text !== 'string' || text.length > MAX_PASTE_CHARS)
    return none('', `Paste at most ${MAX_PASTE_CHARS.toLocaleString('en-US')} characters.`);
  const planSheet = readTrackingPlanSheet();
  if (!planSheet) return none('', 'This spreadsheet has no sheet named "Tracking Plan".');
  const parsed = parseTrackingPlan(planSheet.values, { sheet: planSheet.name });
  if (hasErrors(parsed.problems))
    return none(planSheet.name, 'The plan has errors, so it cannot say what is right. Run Segment > Validate plan and fix them first.');
  const { calls, unreadable } = readCalls(text);
  const checker = new CallChecker(parsed.plan, compile);
  const column = parsed.columns.propertyName ?? parsed.columns.eventName ?? 'A';
  const totals = { calls: calls.length, failing: 0, violations: 0, unreadable: unreadable.length };
  const results: EventCheckAnswer['results'] = [];
  for (const call of calls) {
    const result = checker.check(call);
    // The dialog lists only what needs a look; a passing call is in the totals alone.
    if (result.status === 'pass') continue;
    totals.failing++;
    totals.violations += result.violations.length;
    const room = MAX_SHOWN - (totals.violations - result.violations.length);
    if (room <= 0) continue;
    const violations = result.violations.slice(0, room);
    results.push({ ...result, violations, cells: violations.map((v) => (v.row === null ? null : `${column}${v.row}`)) });
  }
  return { error: null, sheet: planSheet.name, results, unreadable: unreadable.slice(0, MAX_SHOWN), totals };
}

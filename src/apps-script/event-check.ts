/**
 * Segment > Check an event…: a payload pasted in a dialog, checked against the Tracking Plan sheet as Segment
 * would, each violation linked to the row that defines what it broke.
 */
import { CallChecker, CompileSchema } from '../events/check-calls';
import { RowInference } from '../events/infer-rows';
import { NotInPlan } from '../events/not-in-plan';
import { readCalls } from '../events/read-calls';
import { violationDetail } from '../events/violation-detail';
import { subsetValidator } from '../events/schema-subset';
import { parseTrackingPlan, ParseResult } from '../plan/parse-plan';
import { hasErrors } from '../plan/problems';
import { utf8Length } from '../segment/public-api-client';
import { asGroups, guarded } from './context';
import { readPropertyGroupsSheet, readTrackingPlanSheet, SheetValues } from './spreadsheet';
import type { EventCheckAnswer } from './pages';
import { showPage } from './ui';

/**
 * Violations (and unreadable lines) sent to the dialog and shown: a 1,000,000-character paste can break 80,000
 * times, and a table of 80,000 rows takes the dialog seconds to draw and nobody reads it; the totals say how many.
 */
const MAX_SHOWN = 300;

/** A payload is pasted by hand: a few calls, not a warehouse sample. */
export const MAX_PASTE_CHARS = 1_000_000;

/**
 * The last paste, per user (user properties: other editors never see it) and per spreadsheet (as an editor add-on,
 * a user's properties are shared by every document), so reopening the dialog shows it again.
 */
const pasteKey = () => `segment.checkPaste.${SpreadsheetApp.getActiveSpreadsheet().getId()}`;
/** A user property holds 9 KB, its key included. */
const PROPERTY_BYTES = 9 * 1024;

export function showEventCheck(): Promise<void> {
  return guarded('Check an event', () => {
    const saved = PropertiesService.getUserProperties().getProperty(pasteKey()) ?? '';
    // The results are worked out again, against the plan as it is now.
    const answer = saved ? check(saved) : null;
    showPage('check', 'Segment: check an event', { maxChars: MAX_PASTE_CHARS, saved, answer }, 760, 540);
  });
}

/** Keeps the paste for the next opening, or says why it cannot. */
function keep(text: string): string | null {
  const properties = PropertiesService.getUserProperties();
  const key = pasteKey();
  const room = PROPERTY_BYTES - key.length;
  // Counted here: a blob of a 1,000,000-character paste is a service call handing back megabytes.
  const bytes = utf8Length(text);
  if (bytes > room) {
    properties.deleteProperty(key);
    return `This paste is ${bytes.toLocaleString('en-US')} bytes, more than the ${room.toLocaleString('en-US')} the add-on can keep for you: it will not be here when you open Check an event… again.`;
  }
  if (text) properties.setProperty(key, text);
  else properties.deleteProperty(key);
  return null;
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

/** Called by the dialog (google.script.run): the pasted text checked against the plan as the sheet holds it now, and kept. */
export function checkEvents(text: string): EventCheckAnswer {
  if (typeof text !== 'string' || text.length > MAX_PASTE_CHARS)
    return nothingChecked('', `Paste at most ${MAX_PASTE_CHARS.toLocaleString('en-US')} characters.`);
  const notKept = keep(text);
  return { ...check(text), notKept };
}

function nothingChecked(sheet: string, error: string): EventCheckAnswer {
  return {
    error,
    sheet,
    results: [],
    unreadable: [],
    totals: { calls: 0, failing: 0, violations: 0, unreadable: 0, unplanned: 0 },
    notKept: null,
    notInPlan: [],
    addable: 0,
  };
}

const PLAN_ERRORS = 'The plan has errors, so it cannot say what is right. Run Segment > Validate plan and fix them first.';

/**
 * The plan pasted calls are checked against, as the sheet holds it now (with the groups its rows include); or why
 * there is none to check against. Check an event… and Add to plan read it alike.
 */
export function planToCheck(): { planSheet: SheetValues; parsed: ParseResult } | { sheet: string; error: string } {
  const planSheet = readTrackingPlanSheet();
  if (!planSheet) return { sheet: '', error: 'This spreadsheet has no sheet named "Tracking Plan".' };
  const parsed = parseTrackingPlan(planSheet.values, { sheet: planSheet.name, groups: () => asGroups(readPropertyGroupsSheet()) });
  return hasErrors(parsed.problems) ? { sheet: planSheet.name, error: PLAN_ERRORS } : { planSheet, parsed };
}

/** The pasted calls checked against the plan as the sheet holds it now. */
export function check(text: string): EventCheckAnswer {
  const plan = planToCheck();
  if ('error' in plan) return nothingChecked(plan.sheet, plan.error);
  const { planSheet, parsed } = plan;
  const { calls, unreadable } = readCalls(text);
  const checker = new CallChecker(parsed.plan, compile);
  const column = parsed.columns.propertyName ?? parsed.columns.eventName ?? 'A';
  const eventColumn = parsed.columns.eventName ?? column;
  const totals = { calls: calls.length, failing: 0, violations: 0, unreadable: unreadable.length, unplanned: 0 };
  const results: EventCheckAnswer['results'] = [];
  let shownUnplanned = 0;
  const notInPlan = new NotInPlan();
  const inference = new RowInference(parsed.plan);
  for (const call of calls) {
    const result = checker.check(call);
    const unplanned = checker.unplannedProperties(call);
    notInPlan.add(call, result, checker.rulesOf(call).rule, unplanned.paths);
    inference.add(call);
    // The dialog lists only what needs a look: a passing call with no unplanned property is in the totals alone.
    if (result.status === 'pass' && unplanned.paths.length === 0) continue;
    if (result.status !== 'pass') totals.failing++;
    totals.violations += result.violations.length;
    totals.unplanned += unplanned.paths.length;
    const room = MAX_SHOWN - (totals.violations - result.violations.length);
    const infoRoom = MAX_SHOWN - shownUnplanned;
    if (room <= 0 && infoRoom <= 0) continue;
    const violations = result.violations.slice(0, Math.max(0, room));
    const shown = unplanned.paths.slice(0, Math.max(0, infoRoom));
    shownUnplanned += shown.length;
    results.push({
      ...result,
      violations,
      cells: violations.map((v) => (v.row === null ? null : `${column}${v.row}`)),
      details: violations.map(violationDetail),
      unplanned: shown,
      ruleCell: unplanned.row === null ? null : `${eventColumn}${unplanned.row}`,
    });
  }
  return {
    error: null,
    sheet: planSheet.name,
    results,
    unreadable: unreadable.slice(0, MAX_SHOWN),
    totals,
    notKept: null,
    notInPlan: notInPlan.list().slice(0, MAX_SHOWN),
    addable: inference.rows().length,
  };
}

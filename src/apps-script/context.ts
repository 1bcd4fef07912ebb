/** What every menu command needs: the checked sheets, the upload target, retries, and safe error reporting. */
import { SETTINGS_SHEET } from '../plan/columns';
import { planSummary, TrackingPlan } from '../plan/model';
import { parseTrackingPlan } from '../plan/parse-plan';
import { planChecks, readConventions } from '../plan/conventions';
import { hasErrors, Problem, sortProblems, uniqueProblems } from '../plan/problems';
import { ownColumns, parseImporterSettings, SettingsResult } from '../plan/settings';
import { knownSources } from '../plan/sources';
import { PartialUploadError, redact, SegmentApiError } from '../segment/errors';
import type { RetryOptions } from '../segment/retry';
import { planApi } from '../segment/plan-api';
import { apiPlanProblems, chooseApi, isSegmentApiUrl, resolveTarget, SEGMENT_API_HOSTS, UploadTarget } from '../segment/target';
import { refProblems } from '../schema/refs';
import { bumpPlanRevision } from './plan-revision';
import { ensureChangeTrigger } from './change-trigger';
import { rememberPlan } from './plan-index';
import { markProblems } from './problem-marks';
import { readPropertyGroupsSheet, readSettingsSheet, readTrackingPlanSheet, SheetValues, toast } from './spreadsheet';
import { storedToken } from './token-store';
import { alert, showPage } from './ui';
import { errorMessage } from './error-message';

export const TITLE = 'Segment';
/** Apps Script ends an execution at 6 minutes; leave room for the dialogs after the upload. */
export const EXECUTION_BUDGET_MS = 5.5 * 60 * 1000;
/** The problems dialog lists this many; the cells carry every one as a note. */
const LISTED_PROBLEMS = 300;

/** Every token seen in this execution, so no message can show one. */
const secrets: string[] = [];

export function keepSecret(value: string): void {
  if (value) secrets.push(value);
}

export function safe(message: string): string {
  return redact(message, secrets);
}

export interface CheckedSheets {
  plan: TrackingPlan;
  settings: ReadSettings;
  problems: Problem[];
  /** The Tracking Plan sheet as read (one getValues): Take edits from Segment rewrites it from these values. */
  planSheet: SheetValues;
}

export interface ReadSettings extends SettingsResult {
  /** Importer Settings as read, when the spreadsheet has it. */
  sheet: SheetValues | null;
}

export function readSettings(): ReadSettings {
  const sheet = readSettingsSheet();
  const settings = parseImporterSettings(sheet?.values ?? [], sheet?.name ?? SETTINGS_SHEET);
  keepSecret(settings.settings.token);
  return { ...settings, sheet };
}

/**
 * Reads both sheets (one getValues() each), validates, and marks the problems on the cells.
 * Returns null, after telling the analyst, when the plan cannot be used.
 */
export function checkSheets(action: 'send' | 'validate' | 'preview' | 'compare'): CheckedSheets | null {
  const planSheet = readTrackingPlanSheet();
  if (!planSheet) {
    alert(
      TITLE,
      'This spreadsheet has no sheet named "Tracking Plan". Use Segment > Set up sheets to create it, or Segment > Import from Segment.',
    );
    return null;
  }
  const settings = readSettings();
  const groupsSheet = readPropertyGroupsSheet();
  const { plan, planProblems } = validateSheets(planSheet, settings, groupsSheet);
  markProblems(planSheet, planProblems);
  if (groupsSheet) markProblems(groupsSheet, planProblems);
  if (settings.sheet) markProblems(settings.sheet, settings.problems);
  // Every command that marks problems may change them (and catches up on edits the live check left): the sidebar
  // reads the sheets again. The next edit starts from the plan just read.
  const guarded = ensureChangeTrigger();
  rememberPlan(planSheet.name, bumpPlanRevision(), planSheet.values, settings, guarded);
  const problems = [...planProblems, ...settings.problems];
  if (hasErrors(problems)) {
    const what =
      action === 'validate'
        ? 'The plan has errors.'
        : action === 'compare'
          ? 'The plan has errors, so it was not compared.'
          : 'The plan has errors, so nothing was sent.';
    showProblems(problems, what);
    return null;
  }
  return { plan, settings, problems, planSheet };
}

/**
 * The plan as read, and the problems Validate plan would mark on its sheet and on Property Groups: the same checks
 * wherever they run. Without `groupsSheet`, Property Groups is read only if a row includes a group (live validation).
 */
export function validateSheets(
  planSheet: SheetValues,
  settings: ReadSettings,
  groupsSheet?: SheetValues | null,
): { plan: TrackingPlan; planProblems: Problem[] } {
  const { conventions } = readConventions(settings.settings);
  const parsed = parseTrackingPlan(planSheet.values, {
    sheet: planSheet.name,
    descriptionsRequired: conventions.descriptionsRequired,
    ownColumns: ownColumns(settings.settings),
    groups: groupsSheet === undefined ? () => asGroups(readPropertyGroupsSheet()) : asGroups(groupsSheet),
    sources: knownSources(settings.settings),
  });
  const cells = { sheet: planSheet.name, columns: parsed.columns, groups: parsed.groupCells };
  const problems = uniqueProblems([
    ...parsed.problems,
    ...apiPlanProblems(parsed.plan, settings.settings, cells),
    ...planChecks(parsed.plan, cells, conventions),
    ...refProblems(parsed.plan, cells),
  ]);
  // The plan's problems in its order, then Property Groups' in theirs.
  const onPlan = (p: Problem) => p.sheet === planSheet.name;
  const planProblems = [...sortProblems(problems.filter(onPlan)), ...sortProblems(problems.filter((p) => !onPlan(p)))];
  return { plan: parsed.plan, planProblems };
}

export function asGroups(read: SheetValues | null): { sheet: string; values: SheetValues['values'] } | null {
  return read && { sheet: read.name, values: read.values };
}

export function showProblems(problems: readonly Problem[], headline: string): void {
  showPage(
    'problems',
    'Segment: problems in the plan',
    {
      headline: `${headline} The cells are highlighted and carry a note.`,
      // The dialog lists only the first ones: the totals must come from here.
      total: problems.length,
      errors: problems.filter((p) => p.severity === 'error').length,
      warnings: problems.filter((p) => p.severity === 'warning').length,
      problems: problems.slice(0, LISTED_PROBLEMS),
    },
    780,
    500,
  );
}

export function describeContents(plan: TrackingPlan): string {
  const { named, otherRules, properties } = planSummary(plan);
  const extra = otherRules.length > 0 ? ` plus ${otherRules.join(', ')} rules` : '';
  return `${named} event${named === 1 ? '' : 's'} and ${properties} propert${properties === 1 ? 'y' : 'ies'}${extra}`;
}

export function retryOptions(): RetryOptions {
  return {
    sleep: (ms) => {
      Utilities.sleep(ms);
      return Promise.resolve();
    },
    now: () => Date.now(),
    onRetry: ({ waitMs, reason }) => toast(safe(`Segment did not answer (${reason}); trying again in ${Math.ceil(waitMs / 1000)} s…`)),
  };
}

// Defined only by the test harness (the Apps Script fakes, `npm start`) to reach the local emulator: Apps Script
// itself never has this global, so a real deployment only ever sends to Segment's hosts.
declare const SEGMENT_TEST_API_BASE_URL: unknown;

export function testApiBaseUrl(): string {
  return typeof SEGMENT_TEST_API_BASE_URL === 'string' ? SEGMENT_TEST_API_BASE_URL : '';
}

/**
 * Why the sheet's API Base URL cannot be used, or null. A co-editor can type any address there; the token, above
 * all one stored privately, must only ever go to Segment.
 */
export function baseUrlRefusal(settings: ReadSettings, privateToken: string): string | null {
  const url = settings.settings.apiBaseUrl;
  if (!url) return null;
  const where = `API Base URL (${settings.sheet?.name ?? SETTINGS_SHEET}!${settings.cells.apiBaseUrl?.cell ?? 'B'})`;
  if (!isSegmentApiUrl(url)) {
    return `${where} is ${url}, which is not one of Segment's API hosts (${SEGMENT_API_HOSTS.join(', ')}): the add-on sends your token only to Segment. Clear the cell (set Region to EU for an EU workspace).`;
  }
  if (privateToken) {
    return `${where} is set, and your token is stored privately: a private token only goes to the address the add-on chooses, never to one an editor of this sheet typed. Clear the cell (set Region to EU for an EU workspace).`;
  }
  return null;
}

/** The target the settings name, or null after saying which settings to fix. */
export function uploadTarget(settings: ReadSettings, doing = 'Nothing was sent.'): UploadTarget | null {
  const privateToken = storedToken();
  keepSecret(privateToken);
  const refusal = baseUrlRefusal(settings, privateToken);
  if (refusal) {
    alert(`${TITLE}: settings needed`, `${doing}\n\n${refusal}`);
    return null;
  }
  const test = testApiBaseUrl();
  const apiBaseUrl = test ? planApi(chooseApi(settings.settings)).baseUrlOn(test) : settings.settings.apiBaseUrl;
  const result = resolveTarget({ ...settings.settings, apiBaseUrl }, privateToken);
  if (!result.ok) {
    const missing = result.missing.map(
      (label) =>
        `Importer Settings has no ${label}. Put the label "${label}" in column A and its value in column B` +
        (label === 'Personal Access Token' ? ', or use Segment > Store token privately….' : '.'),
    );
    alert(`${TITLE}: settings needed`, `${doing}\n\n${[...missing, ...result.messages].join('\n\n')}`);
    return null;
  }
  return result.target;
}

export function describeTarget(target: UploadTarget): string {
  return planApi(target.api).describeTarget(target);
}

/** Says why a call to Segment failed; anything else is not ours to handle here. */
export function apiFailure(e: unknown, what: string): void {
  if (!(e instanceof SegmentApiError)) throw e;
  const partial =
    e instanceof PartialUploadError
      ? '\n\nThe plan as it was before this upload is backed up: Segment > Restore a backup… (the newest one) puts it back. Or Send to Segment again to finish the upload.'
      : '';
  alert(`${TITLE}: ${what}`, safe(e.message) + partial);
}

/** Runs a menu command; an unexpected failure is shown (without any token) rather than lost. */
export async function guarded(name: string, command: () => Promise<void> | void): Promise<void> {
  try {
    await command();
  } catch (e) {
    const message = safe(errorMessage(e));
    console.error(`${name} failed: ${message}`);
    alert(TITLE, `${name} stopped: ${message}`);
  }
}

/** Runs an upload under the document lock, so two uploads never interleave. */
export async function withUploadLock(run: () => Promise<void>): Promise<void> {
  const lock = LockService.getDocumentLock();
  if (!lock || !lock.tryLock(500)) {
    alert(TITLE, 'An upload is already running for this spreadsheet. Wait for it to finish, then try again.');
    return;
  }
  try {
    await run();
  } finally {
    lock.releaseLock();
  }
}

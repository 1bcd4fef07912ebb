/** What every CLI command shares: its I/O, exit codes, arguments, the plan and target it works on, retries. */
import { refProblems } from '../schema/refs';
import { formatProblem, hasErrors, Problem, sortProblems, uniqueProblems } from '../plan/problems';
import type { TrackingPlan } from '../plan/model';
import { planChecks, readConventions } from '../plan/conventions';
import { parseTrackingPlan } from '../plan/parse-plan';
import { ImporterSettings, ownColumns, parseImporterSettings } from '../plan/settings';
import { knownSources, planForSources, planTargets, sourceKey } from '../plan/sources';
import { nearestName } from '../plan/cell-codecs';
import { SegmentApiError } from '../segment/errors';
import { isApiKind } from '../segment/plan-api';
import type { RetryOptions } from '../segment/retry';
import { ApiKind, apiPlanProblems, chooseApi, UploadTarget } from '../segment/target';
import * as path from 'path';
import { PROPERTY_GROUPS_SHEET } from '../plan/property-groups';
import type { CsvCellPlaces } from '../workbook/csv';
import { readWorkbook, Workbook } from '../workbook/workbook';
import { mergeSettings, safeMessage, SettingFlags, targetOrMessages, trustedBaseUrl } from './remote';

/** What a command may do outside itself. Members are functions, not methods: commands hand `io.stderr` on as it is. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** How to wait between retries and read the time; real timers when absent (tests pass their own). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Asks a yes/no question on the terminal; absent when there is no terminal to ask on. */
  ask?: (question: string) => Promise<boolean>;
  /** Settles when standard output's reader is gone (`… | head -1`): a command reading a stream may stop. */
  outputClosed?: Promise<void>;
}

export const EXIT = { ok: 0, invalid: 1, usage: 2, api: 3 } as const;

export class UsageError extends Error {}

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | true>;
  /** Flags given any number of times (--source), each value in order. */
  repeated?: Record<string, string[]>;
}

export function singleFile(args: ParsedArgs): string {
  if (args.positional.length !== 1) throw new UsageError('expected exactly one file (.csv or .xlsx)');
  return args.positional[0];
}

interface LoadedPlan {
  /** The CSV --groups names, with where its cells are when asked for (annotations point into it). */
  groupsFile: { path: string; csvCells: CsvCellPlaces | null } | null;
  merged: ImporterSettings;
  api: ApiKind;
  workbook: Workbook;
  result: ReturnType<typeof parseTrackingPlan>;
  settings: ReturnType<typeof parseImporterSettings> | null;
  problems: Problem[];
}

/** `cellPlaces`: also say where each cell of a CSV is in the file (for reports that point into it). */
export async function loadPlan(file: string, args: ParsedArgs, env: CliIo['env'], cellPlaces = false): Promise<LoadedPlan> {
  const workbook = await readWorkbook(file, { sheet: flag(args, 'sheet'), cellPlaces });
  const groupsFile = await readGroupsFile(args, cellPlaces);
  const settings = workbook.settings ? parseImporterSettings(workbook.settings) : null;
  const merged = mergeSettings(settings?.settings ?? null, settingFlags(args), env);
  const api = chooseApi(merged);
  const { conventions } = readConventions(merged);
  const result = parseTrackingPlan(workbook.plan, {
    sheet: workbook.planSheet,
    descriptionsRequired: conventions.descriptionsRequired,
    ownColumns: ownColumns(merged),
    groups: groupsFile?.groups ?? workbook.groups,
    sources: knownSources(merged),
  });
  const cells = { sheet: workbook.planSheet, columns: result.columns, groups: result.groupCells };
  const planProblems = [
    ...apiPlanProblems(result.plan, merged, cells),
    ...planChecks(result.plan, cells, conventions),
    ...refProblems(result.plan, cells),
  ];
  // What reading the file found (a hidden tab, a formula without its value) sits among the plan's own problems.
  const onPlanTab = readingProblems({ workbook });
  const elsewhere = workbook.problems.filter((p) => p.sheet !== workbook.planSheet);
  return {
    groupsFile: groupsFile && { path: groupsFile.path, csvCells: groupsFile.csvCells },
    workbook,
    result,
    settings,
    merged,
    api,
    problems: [
      ...bySheet([...onPlanTab, ...result.problems, ...planProblems], workbook.planSheet),
      ...elsewhere,
      ...(settings?.problems ?? []),
    ],
  };
}

/** `--groups FILE`: a CSV of Property Groups beside a CSV plan (an .xlsx has its own tab, which it replaces). */
async function readGroupsFile(args: ParsedArgs, cellPlaces: boolean) {
  const file = flag(args, 'groups');
  if (file === undefined) return null;
  if (path.extname(file).toLowerCase() !== '.csv')
    throw new UsageError('--groups takes a .csv file (an .xlsx has its own Property Groups tab)');
  const read = await readWorkbook(file, { cellPlaces });
  return { path: file, csvCells: read.csvCells, groups: { sheet: PROPERTY_GROUPS_SHEET, values: read.plan } };
}

/** The plan sheet's problems in its order, then Property Groups' in theirs, each once. */
function bySheet(problems: Problem[], planSheet: string): Problem[] {
  const unique = uniqueProblems(problems);
  return [...sortProblems(unique.filter((p) => p.sheet === planSheet)), ...sortProblems(unique.filter((p) => p.sheet !== planSheet))];
}

/** What reading the plan's tab found (a hidden tab, a formula without its value), apart from the plan's own problems. */
export function readingProblems({ workbook }: Pick<LoadedPlan, 'workbook'>): Problem[] {
  return workbook.problems.filter((p) => p.sheet === workbook.planSheet);
}

export function printProblems(problems: readonly Problem[], write: (text: string) => void): void {
  for (const p of problems) write(`${formatProblem(p)}\n`);
}

export function tally(problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  return typeof value === 'string' ? value : undefined;
}

export function settingFlags(args: ParsedArgs): SettingFlags {
  const api = flag(args, 'api');
  if (api !== undefined && !isApiKind(api)) throw new UsageError('--api is config or public');
  return {
    token: flag(args, 'token'),
    workspace: flag(args, 'workspace'),
    plan: flag(args, 'plan'),
    name: flag(args, 'name'),
    baseUrl: flag(args, 'base-url'),
    api,
    region: flag(args, 'region'),
    notesColumns: flag(args, 'notes-columns'),
    labelColumns: flag(args, 'label-columns'),
    ...checkFlags(args),
  };
}

export function nodeRetry(io: CliIo): RetryOptions {
  return {
    sleep: io.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    now: io.now ?? (() => Date.now()),
    onRetry: ({ waitMs, reason }) => io.stderr(`Segment did not answer (${reason}); trying again in ${(waitMs / 1000).toFixed(1)} s\n`),
  };
}

/** Says why a call to Segment failed (without the token) and gives exit code 3; anything else is rethrown. */
export function apiErrorExit(e: unknown, io: CliIo, settings: ImporterSettings): number {
  if (!(e instanceof SegmentApiError)) throw e;
  io.stderr(`error: ${safeMessage(e.message, settings)}\n`);
  return EXIT.api;
}

/** One plan a command works on: the part of the sheet its sources see, and its settings. */
export interface SelectedPlan {
  /** The sources it is for (`iOS, Android`), as Plan for rows name them; empty for the workbook's one plan. */
  label: string;
  plan: TrackingPlan;
  settings: ImporterSettings;
}

/**
 * The plans a command works on: the plans of the --source names (a plan keeps every source sharing it), else every
 * plan the workbook names. A command working on one plan (`onlyOne` names it) needs --source when there are
 * several. Without Plan for rows, --source restricts the one plan to those sources.
 */
export function selectPlans(args: ParsedArgs, loaded: Pick<LoadedPlan, 'merged' | 'result'>, onlyOne?: string): SelectedPlan[] {
  const { merged } = loaded;
  const named = args.repeated?.source ?? [];
  const plan = (label: string, sources: string[] | null, settings: ImporterSettings): SelectedPlan => ({
    label,
    plan: planForSources(loaded.result.plan, sources),
    settings,
  });
  if (merged.plans.length === 0) return [plan('', named.length > 0 ? named : null, merged)];
  const known = knownSources(merged);
  for (const name of named) {
    if (known.some((k) => sourceKey(k) === sourceKey(name))) continue;
    const near = nearestName(name, known);
    throw new UsageError(
      `--source ${name}: no Plan for row in Importer Settings names it (${known.join(', ')}).${near ? ` Did you mean ${near}?` : ''}`,
    );
  }
  const keys = new Set(named.map(sourceKey));
  const targets = planTargets(merged).filter((t) => keys.size === 0 || (t.sources ?? []).some((s) => keys.has(sourceKey(s))));
  const listed = targets.map((t) => `${t.label}: ${t.settings.trackingPlanId}`).join('; ');
  if (targets.length > 1 && onlyOne)
    throw new UsageError(`the workbook names ${targets.length} plans (${listed}), so ${onlyOne} needs --source NAME to pick one.`);
  const [only] = targets;
  if (targets.length > 1 && flag(args, 'plan') !== undefined)
    throw new UsageError(`--plan names one plan, but the workbook names ${targets.length} (${listed}): pick one with --source NAME.`);
  if (only && targets.length === 1) {
    // Flags name the one plan picked, as they would the workbook's one plan.
    only.settings = { ...only.settings, trackingPlanId: flag(args, 'plan') ?? only.settings.trackingPlanId };
    only.settings.trackingPlanName = flag(args, 'name') ?? '';
  }
  return targets.map((t) => plan(t.label, t.sources, t.settings));
}

/** The valid plans a command sends to, each with its target, or the exit code after saying what is wrong. */
export async function plansAndTargets(
  args: ParsedArgs,
  io: CliIo,
  nothing: string,
): Promise<{ merged: ImporterSettings; plans: Array<SelectedPlan & { target: UploadTarget }> } | number> {
  const loaded = await loadPlan(singleFile(args), args, io.env);
  const { merged, problems, settings } = loaded;
  printProblems(problems, io.stderr);
  if (hasErrors(problems)) {
    io.stderr(`${tally(problems)}: ${nothing}\n`);
    return EXIT.invalid;
  }
  const selected = selectPlans(args, loaded);
  // Only commands that send check where the token would go; validate and build send nothing.
  trustedBaseUrl(settings?.settings.apiBaseUrl ?? '', flag(args, 'base-url'));
  const plans: Array<SelectedPlan & { target: UploadTarget }> = [];
  const messages = new Set<string>();
  for (const one of selected) {
    const { target, messages: wrong } = targetOrMessages(one.settings);
    if (target) plans.push({ ...one, target });
    for (const m of wrong) messages.add(m);
  }
  if (messages.size > 0) {
    io.stderr(`${nothing}\n${[...messages].map((m) => `error: ${m}`).join('\n')}\n`);
    return EXIT.usage;
  }
  return { merged, plans };
}

/** --event-naming, --property-naming and --descriptions, refused with a usage error when not one of theirs. */
function checkFlags(args: ParsedArgs): Pick<SettingFlags, 'eventNaming' | 'propertyNaming' | 'descriptions'> {
  const given = {
    eventNaming: flag(args, 'event-naming'),
    propertyNaming: flag(args, 'property-naming'),
    descriptions: flag(args, 'descriptions'),
  };
  const [wrong] = Object.values(
    readConventions({
      eventNaming: given.eventNaming ?? '',
      propertyNaming: given.propertyNaming ?? '',
      descriptions: given.descriptions ?? '',
    }).errors,
  );
  if (wrong) throw new UsageError(wrong);
  return given;
}

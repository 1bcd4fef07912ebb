/**
 * What the sidebar shows, computed from the sheets only when the plan's revision moved: the last state is kept in
 * the document's cache under that revision, so the sidebar's poll every two seconds reads no sheet while nothing
 * changes. Everything here is data for the page, which writes it as text: nothing from a cell becomes markup.
 */
import { eventLabel, planSummary, PropertyDefinition, TrackingPlan } from '../plan/model';
import type { Problem, Severity } from '../plan/problems';
import type { ImporterSettings } from '../plan/settings';
import { planTargets } from '../plan/sources';
import { planApi } from '../segment/plan-api';
import { chooseApi } from '../segment/target';
import { readSettings, safe, validateSheets } from './context';
import { planRevision } from './plan-revision';
import { currentProgress, Progress } from './progress';
import { SyncSummary, syncSummaries } from './records';
import { readPropertyGroupsSheet, readTrackingPlanSheet, trackingPlanShape } from './spreadsheet';
import { utf8Length } from '../segment/public-api-client';

export interface SidebarProblem {
  sheet: string;
  /** `E7`, or null for a problem of the whole sheet. */
  cell: string | null;
  severity: Severity;
  message: string;
  /** What the problem's row belongs to (`Order Completed`, `identify traits`), or the sheet: the sidebar groups by it. */
  group: string;
}

/** Identical problems of one event, folded: how the cache keeps them (thousands fit in its 100 KB a value). */
interface FoldedProblems {
  sheet: string;
  group: string;
  severity: Severity;
  message: string;
  /** One entry a problem: its cell, or null for a problem of the whole sheet. */
  cells: Array<string | null>;
}

/** The part read from the sheets: it changes only when the plan, the settings or their problems do. */
interface SidebarPlan {
  /** False when the spreadsheet has no Tracking Plan sheet. */
  hasPlan: boolean;
  sheet: string;
  events: number;
  properties: number;
  otherRules: string[];
  errors: number;
  warnings: number;
  /** Every problem; the list holds the first of them, as many as the cache's 100 KB a value holds. */
  total: number;
  folded: FoldedProblems[];
  /** Where Send to Segment would send, from Importer Settings; null when no plan ID is set. */
  target: null | { plan: string; label: string };
}

export interface SidebarState extends Omit<SidebarPlan, 'folded'> {
  /** Changes only when the plan, the settings or their problems change: the page redraws its list only then. */
  revision: string;
  /** True when the page already shows this revision: `problems` is then left empty, to keep the answer small. */
  unchanged: boolean;
  problems: SidebarProblem[];
  /** The phase of a Send or Import running now (or ended in the last ten minutes). */
  progress: Progress | null;
  /** Every plan this spreadsheet synced with, newest first. */
  syncs: SyncSummary[];
}

/** Room left for the problems in one cache value (100 KB), with the rest of the state beside them. */
const PROBLEM_BYTES = 90_000;
const RECENT_PROGRESS_MS = 10 * 60 * 1000;
const CACHE_SECONDS = 6 * 60 * 60;
const CACHE_PREFIX = 'segment.sidebar.';

/** A short fingerprint of the plan part (FNV-1a), so the page can tell a new state from the one it shows. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${hash.toString(36)}.${text.length.toString(36)}`;
}

/** Sheet row → the event (or identify/group/common rule) it belongs to. */
function rowGroups(plan: TrackingPlan): { rows: number[]; labels: string[] } {
  const byRow = new Map<number, string>();
  const walk = (properties: readonly PropertyDefinition[], label: string) => {
    for (const p of properties) {
      // A group's property is on its row in Property Groups, not on the plan's.
      if (p.sheet === undefined && !byRow.has(p.row)) byRow.set(p.row, label);
      walk(p.properties, label);
      if (p.items) walk([p.items], label);
    }
  };
  for (const event of plan.events) {
    const label = eventLabel(event) + (event.version > 1 ? ` (version ${event.version})` : '');
    byRow.set(event.row, label);
    walk(event.properties, label);
  }
  const rows = [...byRow.keys()].sort((a, b) => a - b);
  return { rows, labels: rows.map((r) => byRow.get(r) as string) };
}

function groupOf(problem: Problem, planSheet: string, groups: ReturnType<typeof rowGroups>): string {
  if (problem.sheet !== planSheet || problem.row === null) return problem.sheet;
  // A row the plan did not take (a broken one) belongs to the nearest event above it.
  let low = 0;
  let high = groups.rows.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (groups.rows[mid] <= problem.row) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found < 0 ? `${planSheet} header` : groups.labels[found];
}

/** The problems folded by event and message, the first of them up to the cache's room. */
function folded(problems: readonly Problem[], planSheet: string, plan: TrackingPlan): FoldedProblems[] {
  const groups = rowGroups(plan);
  const lines = new Map<string, FoldedProblems>();
  let bytes = 0;
  for (const p of problems) {
    const group = groupOf(p, planSheet, groups);
    const key = `${p.sheet}\u0000${group}\u0000${p.severity}\u0000${p.message}`;
    let line = lines.get(key);
    const cost = line
      ? utf8Length(JSON.stringify(p.cell)) + 1
      : utf8Length(JSON.stringify([p.sheet, group, p.severity, safe(p.message), p.cell])) + 60;
    bytes += cost;
    if (bytes > PROBLEM_BYTES) break;
    if (!line) {
      line = { sheet: p.sheet, group, severity: p.severity, message: safe(p.message), cells: [] };
      lines.set(key, line);
    }
    line.cells.push(p.cell);
  }
  return [...lines.values()];
}

/** Where Send to Segment would send: the one plan, or each plan of the Plan for rows with its sources. */
function sendsTo(settings: ImporterSettings): SidebarPlan['target'] {
  const slug = settings.workspaceSlug;
  const targets = planTargets(settings).filter((t) => t.settings.trackingPlanId);
  const described = targets.map((t) => {
    const [id, api] = [t.settings.trackingPlanId, chooseApi(t.settings)];
    const where = `${planApi(api).label}: tracking plan ${id}${slug ? ` in workspace "${slug}"` : ''}`;
    return { plan: `${api}:${id}`, label: t.label ? `Plan for ${t.label}, ${where}` : where };
  });
  const [first] = described;
  if (!first || described.length === 1) return first ?? null;
  return { plan: first.plan, label: `${described.length} plans: ${described.map((d) => d.label).join('; ')}` };
}

/** Reads both sheets and checks them as Validate plan does, marking nothing. */
function readPlanPart(): SidebarPlan {
  const planSheet = readTrackingPlanSheet();
  const settings = readSettings();
  const target = sendsTo(settings.settings);
  const empty = { events: 0, properties: 0, otherRules: [], errors: 0, warnings: 0, total: 0, folded: [], target };
  if (!planSheet) return { hasPlan: false, sheet: '', ...empty };
  const { plan, planProblems } = validateSheets(planSheet, settings, readPropertyGroupsSheet());
  const problems = [...planProblems, ...settings.problems];
  const summary = planSummary(plan);
  const errors = problems.filter((p) => p.severity === 'error').length;
  return {
    ...empty,
    hasPlan: true,
    sheet: planSheet.name,
    events: summary.named,
    properties: summary.properties,
    otherRules: summary.otherRules,
    errors,
    warnings: problems.length - errors,
    total: problems.length,
    folded: folded(problems, planSheet.name, plan),
  };
}

/** The plan part for the current revision: from the cache when it holds it, else from the sheets (then cached). */
function planPart(properties: Readonly<Record<string, string>>): SidebarPlan & { revision: string } {
  const cache = CacheService.getDocumentCache();
  const key = `${CACHE_PREFIX}${planRevision(properties)}.${trackingPlanShape()}`;
  const cached = cache?.get(key);
  if (cached) return JSON.parse(cached) as SidebarPlan & { revision: string };
  const plan = readPlanPart();
  const text = JSON.stringify(plan);
  const part = { ...plan, revision: fingerprint(text) };
  cache?.put(key, JSON.stringify(part), CACHE_SECONDS);
  return part;
}

/** Apps Script ends an execution at 6 minutes without running its `finally`: a phase older than that was cut off. */
const RUN_LIMIT_MS = 6 * 60 * 1000;

function stoppedIfOverdue(progress: Progress | null): Progress | null {
  if (!progress || progress.done || Date.now() - progress.at <= RUN_LIMIT_MS) return progress;
  return {
    phase: `Stopped during "${progress.phase}": Apps Script ends a run after 6 minutes. Run it again to finish.`,
    at: progress.at,
    done: true,
  };
}

/** The state for a page showing `shownRevision`: the problems only when they are news to it. */
export function computeSidebarState(shownRevision?: string): SidebarState {
  // Read once: the revision, the progress and the sync records are all document properties (a poll every 2 s).
  const properties = PropertiesService.getDocumentProperties().getProperties();
  const { folded: lines, ...part } = planPart(properties);
  const unchanged = shownRevision === part.revision;
  const problems: SidebarProblem[] = [];
  if (!unchanged) {
    for (const { cells, ...line } of lines) for (const cell of cells) problems.push({ ...line, cell });
  }
  const progress = stoppedIfOverdue(currentProgress(properties));
  const recent = progress && (!progress.done || Date.now() - progress.at < RECENT_PROGRESS_MS) ? progress : null;
  const syncs = syncSummaries(properties);
  return { ...part, unchanged, problems, progress: recent, syncs };
}

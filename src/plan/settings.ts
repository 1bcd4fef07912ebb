import { CellValue, cellText, isBlank, normalizeLabel, spreadsheetError } from './cell-values';
import { SETTINGS_SHEET } from './columns';
import { readConventions } from './conventions';
import type { OwnColumns } from './header';
import { Problem, cellProblem, quoted } from './problems';

export type SettingKey =
  | 'token'
  | 'workspaceSlug'
  | 'trackingPlanId'
  | 'trackingPlanName'
  | 'apiBaseUrl'
  | 'region'
  | 'api'
  | 'eventNaming'
  | 'propertyNaming'
  | 'descriptions'
  | 'liveValidation'
  | 'notesColumns'
  | 'labelColumns';

export interface SettingDefinition {
  key: SettingKey;
  /** The label "Set up sheets" and the template write in column A. */
  label: string;
  aliases: readonly string[];
  help: string;
  optional: boolean;
  /** The values a dropdown offers (Set up sheets, the template). */
  choices?: readonly string[];
}

export const SETTINGS: readonly SettingDefinition[] = [
  {
    key: 'token',
    label: 'Personal Access Token',
    aliases: ['access token', 'token', 'api token', 'public api token'],
    help: 'A Segment token with write access to tracking plans. Prefer Segment > Store token privately…, which keeps it out of this sheet.',
    optional: false,
  },
  {
    key: 'workspaceSlug',
    label: 'Workspace Slug',
    aliases: ['workspace', 'workspace name'],
    help: 'The workspace part of app.segment.com/<slug>/… (Config API plans; for the Public API only the link to the plan uses it).',
    optional: false,
  },
  {
    key: 'trackingPlanId',
    label: 'Tracking Plan ID',
    aliases: ['plan id', 'tracking plan'],
    help: 'rs_… (Config API) or tp_… (Public API), from the tracking plan’s URL in Segment.',
    optional: false,
  },
  {
    key: 'trackingPlanName',
    label: 'Tracking Plan Name',
    aliases: ['plan name', 'display name'],
    help: 'Optional: renames the plan in Segment on upload. Leave blank to keep its current name.',
    optional: true,
  },
  {
    key: 'apiBaseUrl',
    label: 'API Base URL',
    aliases: ['base url', 'api url'],
    help: "Optional: another of Segment's API addresses. Leave blank: Region picks the EU host. The add-on sends only to Segment's API hosts.",
    optional: true,
  },
  {
    key: 'region',
    label: 'Region',
    aliases: ['data region', 'workspace region'],
    help: 'Optional: EU for workspaces in Segment’s EU region (Public API). Blank means US.',
    optional: true,
  },
  {
    key: 'api',
    label: 'API',
    aliases: ['api version', 'segment api'],
    help: 'Optional: Config API or Public API. Blank chooses by the plan id: tp_ is the Public API, rs_ the Config API.',
    optional: true,
  },
  {
    key: 'eventNaming',
    label: 'Event Naming',
    aliases: ['event name style', 'event naming convention'],
    help: 'Optional: Object Action (Title Case), object_action, objectAction or Any. Names that differ are warnings at their cells. Blank: the style at least 80% of the names share, once there are 10 (CLI: --event-naming).',
    optional: true,
    choices: ['Object Action', 'object_action', 'objectAction', 'Any'],
  },
  {
    key: 'propertyNaming',
    label: 'Property Naming',
    aliases: ['property name style', 'property naming convention'],
    help: 'Optional: snake_case, camelCase or Any. Names that differ are warnings at their cells. Blank: the style at least 80% of the names share, once there are 10 (CLI: --property-naming).',
    optional: true,
    choices: ['snake_case', 'camelCase', 'Any'],
  },
  {
    key: 'descriptions',
    label: 'Descriptions',
    aliases: ['description policy'],
    help: 'Optional: Required makes a missing event or property description an error; blank or Optional, a warning (CLI: --descriptions).',
    optional: true,
    choices: ['Optional', 'Required'],
  },
  {
    key: 'liveValidation',
    label: 'Live Validation',
    aliases: ['validate on edit', 'live checks'],
    help: 'Optional: On (blank) marks the problems of each row as you edit it; Off leaves marking to Segment > Validate plan.',
    optional: true,
    choices: ['On', 'Off'],
  },
  {
    key: 'notesColumns',
    label: 'Notes Columns',
    aliases: ['note columns', 'annotation columns', 'columns not sent'],
    help: 'Optional: headers of your own Tracking Plan columns, comma-separated, kept in the sheet and never sent (Owner, Team, Ticket, Jira, Notes, Comments, Priority, Stage, Implementation Status and Last Updated already are).',
    optional: true,
  },
  {
    key: 'labelColumns',
    label: 'Label Columns',
    aliases: ['label column', 'columns as labels'],
    help: 'Optional: headers of Tracking Plan columns, comma-separated, whose cells become labels on the event: an Owner cell holding growth-team is the label owner:growth-team.',
    optional: true,
  },
];

export interface ImporterSettings {
  token: string;
  workspaceSlug: string;
  trackingPlanId: string;
  trackingPlanName: string;
  apiBaseUrl: string;
  region: string;
  api: string;
  eventNaming: string;
  propertyNaming: string;
  descriptions: string;
  liveValidation: string;
  notesColumns: string;
  labelColumns: string;
  /** `Plan for <Source>` rows, in sheet order: where each source's plan goes (several plans from one sheet). */
  plans: SourcePlan[];
}

/** One `Plan for <Source>` row: the source as the analyst wrote it, and the plan id its value names. */
export interface SourcePlan {
  source: string;
  planId: string;
}

export function emptySettings(): ImporterSettings {
  return {
    token: '',
    workspaceSlug: '',
    trackingPlanId: '',
    trackingPlanName: '',
    apiBaseUrl: '',
    region: '',
    api: '',
    eventNaming: '',
    propertyNaming: '',
    descriptions: '',
    liveValidation: '',
    notesColumns: '',
    labelColumns: '',
    plans: [],
  };
}

export interface SettingsResult {
  settings: ImporterSettings;
  /** Where each setting's value cell is (`B3`), for messages and for clearing the token cell. */
  cells: Partial<Record<SettingKey, { row: number; column: number; cell: string }>>;
  /** Every value cell labelled as a token (Personal Access Token, Token, …), the first one included. */
  tokenCells: Array<{ row: number; column: number; cell: string }>;
  problems: Problem[];
}

/** Reads Importer Settings: labels in column A (any case), values in column B. */
export function parseImporterSettings(values: readonly (readonly CellValue[])[], sheet = SETTINGS_SHEET): SettingsResult {
  const settings = emptySettings();
  const cells: SettingsResult['cells'] = {};
  const tokenCells: SettingsResult['tokenCells'] = [];
  const problems: Problem[] = [];
  const plansAt = new Map<string, number>();
  values.forEach((row, r) => {
    const label = normalizeLabel(row[0]);
    if (!label) return;
    if (label.startsWith(PLAN_FOR)) {
      readPlanFor(row, r, sheet, { plans: settings.plans, plansAt, problems });
      return;
    }
    const def = SETTINGS.find((s) => normalizeLabel(s.label) === label || s.aliases.includes(label));
    const key = def?.key;
    if (key === 'token' && !isBlank(row[1])) tokenCells.push({ row: r + 1, column: 1, cell: `B${r + 1}` });
    if (!key || cells[key]) return;
    const value = row[1];
    cells[key] = { row: r + 1, column: 1, cell: `B${r + 1}` };
    const error = spreadsheetError(value);
    if (error) {
      problems.push(
        cellProblem(
          sheet,
          r,
          1,
          'error',
          `${def?.label ?? cellText(row[0]).trim()} shows the spreadsheet error ${error}. Type the value in.`,
        ),
      );
      return;
    }
    settings[key] = cellText(value).trim();
  });
  settings.trackingPlanId = extractPlanId(settings.trackingPlanId);
  settings.workspaceSlug = extractWorkspaceSlug(settings.workspaceSlug);
  const base = settings.apiBaseUrl;
  if (base && !/^https?:\/\/[^\s/]+/i.test(base)) {
    const at = cells.apiBaseUrl;
    if (at)
      problems.push(
        cellProblem(
          sheet,
          at.row - 1,
          1,
          'error',
          `API Base URL ${quoted(base)} is not an http(s) address. Leave it blank to use Segment.`,
        ),
      );
  }
  settings.apiBaseUrl = base.replace(/\/+$/, '');
  if (settings.plans.length > 0 && settings.trackingPlanId && cells.trackingPlanId) {
    const message =
      'Tracking Plan ID is not used: the Plan for rows name the plan of each source. Clear it, or name its source in a Plan for row.';
    problems.push(cellProblem(sheet, cells.trackingPlanId.row - 1, 1, 'warning', message));
  }
  const { errors } = readConventions(settings);
  for (const [key, message] of Object.entries(errors)) {
    const at = cells[key as SettingKey];
    if (at) problems.push(cellProblem(sheet, at.row - 1, 1, 'error', message));
  }
  const live = settings.liveValidation.toLowerCase();
  if (live && live !== 'on' && live !== 'off' && cells.liveValidation) {
    problems.push(
      cellProblem(
        sheet,
        cells.liveValidation.row - 1,
        1,
        'warning',
        `Live Validation ${quoted(settings.liveValidation)} is not On or Off, so it is read as On. Choose On or Off.`,
      ),
    );
  }
  return { settings, cells, tokenCells, problems };
}

const PLAN_FOR = 'plan for ';

/** A label as written, less what normalizeLabel drops (a trailing colon): a source named in it keeps its case. */
function writtenLabel(label: CellValue): string {
  const written = cellText(label).trim().replace(/\s+/g, ' ');
  let end = written.length;
  while (end > 0 && ' :?…'.includes(written[end - 1] ?? '')) end--;
  return written.slice(0, end);
}

/** The source a `Plan for <Source>` label names, as written (its case kept, a trailing colon dropped); else null. */
export function planForSource(label: CellValue): string | null {
  return normalizeLabel(label).startsWith(PLAN_FOR) ? writtenLabel(label).slice(PLAN_FOR.length).trim() : null;
}

/**
 * A `Plan for <Source>` row: the plan one source's events go to (an id, or the plan's URL). A blank value, a value
 * that is no plan id, or a source named twice is an error at its cell; the row is then left out.
 */
function readPlanFor(
  row: readonly CellValue[],
  r: number,
  sheet: string,
  into: { plans: SourcePlan[]; plansAt: Map<string, number>; problems: Problem[] },
): void {
  const label = writtenLabel(row[0]);
  const source = label.slice(PLAN_FOR.length).trim();
  const report = (message: string) => into.problems.push(cellProblem(sheet, r, 1, 'error', message));
  const key = source.toLowerCase();
  const first = into.plansAt.get(key);
  if (first !== undefined) {
    const named = into.plans.find((p) => p.source.toLowerCase() === key)?.source ?? source;
    report(`${label} repeats the source of row ${first + 1} (Plan for ${named}). Keep one row per source.`);
    return;
  }
  const error = spreadsheetError(row[1]);
  const planId = extractPlanId(cellText(row[1]).trim());
  if (error) report(`${label} shows the spreadsheet error ${error}. Type the value in.`);
  else if (!planId) report(`${label} has no plan id. Fill in the rs_ or tp_ id of the plan for ${source} (or its URL), or delete the row.`);
  else if (!/^(rs|tp)_/.test(planId))
    report(
      `${label} ${quoted(planId)} does not look like a Segment plan id: it starts with rs_ or tp_ (find it in the plan's URL in Segment).`,
    );
  else {
    into.plansAt.set(key, r);
    into.plans.push({ source, planId });
  }
}

/** The analyst's own columns Importer Settings names (Notes Columns, Label Columns), as header lists. */
export function ownColumns(settings: Pick<ImporterSettings, 'notesColumns' | 'labelColumns'>): OwnColumns {
  const list = (text: string) =>
    text
      .split(/[,\n]/)
      .map((h) => h.trim())
      .filter((h) => h !== '');
  return { notes: list(settings.notesColumns), labels: list(settings.labelColumns) };
}

/** Whether edits are checked as they are made: On unless the setting says Off. */
export function liveValidationOn(settings: Pick<ImporterSettings, 'liveValidation'>): boolean {
  return settings.liveValidation.trim().toLowerCase() !== 'off';
}

/** Analysts paste the plan's URL; the id is its `rs_…` or `tp_…` part. */
function extractPlanId(value: string): string {
  if (!value.includes('/')) return value;
  return /\/((?:rs|tp)_[A-Za-z0-9_-]+)/.exec(value)?.[1] ?? value;
}

function extractWorkspaceSlug(value: string): string {
  return /app\.segment\.com\/([^/?#]+)/.exec(value)?.[1] ?? value;
}

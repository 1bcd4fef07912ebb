/** push and pull: the add-on's upload and read, from the command line, through Node's fetch. */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { ImporterSettings } from '../plan/settings';
import { planToRows } from '../plan/write-plan';
import { emptySettings, SETTINGS } from '../plan/settings';
import { nullMembers, readRules } from '../segment/read-rules';
import { redact } from '../segment/errors';
import type { HttpClient } from '../segment/http';
import type { RetryOptions } from '../segment/retry';
import { normalizedRules, readRemotePlan, RemotePlan } from '../segment/remote-plan';
import { isLoopbackUrl, isSegmentApiUrl, RequiredSetting, resolveTarget, UploadTarget, urlHost } from '../segment/target';
import { describeUpload } from '../segment/report-text';
import type { UploadReport } from '../segment/upload';
import { rowsCsv, workbookXlsx } from '../workbook/workbook';

export interface SettingFlags {
  token?: string;
  workspace?: string;
  plan?: string;
  name?: string;
  baseUrl?: string;
  api?: string;
  region?: string;
  eventNaming?: string;
  propertyNaming?: string;
  descriptions?: string;
  notesColumns?: string;
  labelColumns?: string;
}

/** A setting the CLI will not act on (where it would send the token): exit 2, nothing sent. */
export class RefusedSetting extends Error {}

/**
 * Where the token may go. A workbook is anyone's file: its API Base URL is followed only to a Segment API host,
 * or when --base-url on the command line names the same address. Plain http only reaches this machine.
 */
export function trustedBaseUrl(fromFile: string, fromFlag: string | undefined): string {
  const url = (fromFlag ?? fromFile).trim().replace(/\/+$/, '');
  if (!url) return '';
  const at = urlHost(url);
  const where = fromFlag !== undefined ? '--base-url' : "the workbook's API Base URL";
  if (!at) throw new RefusedSetting(`${where} "${url}" is not an http(s) address.`);
  if (at.scheme === 'http' && !isLoopbackUrl(url)) {
    throw new RefusedSetting(
      `${where} ${url} is plain http to ${at.host}: the token would cross the network unencrypted. Use https (plain http is only for this machine, such as the local emulator).`,
    );
  }
  if (fromFlag === undefined && !isSegmentApiUrl(url)) {
    throw new RefusedSetting(
      `the workbook's API Base URL sends to ${at.host}, which is not a Segment API host, so the token was not sent there. If you mean it, pass --base-url ${url} as well.`,
    );
  }
  return url;
}

/** The workbook's Importer Settings, overridden by flags; the token also from SEGMENT_TOKEN. */
export function mergeSettings(
  fromFile: ImporterSettings | null,
  flags: SettingFlags,
  env: Record<string, string | undefined>,
): ImporterSettings {
  const base = fromFile ?? emptySettings();
  return {
    ...base,
    token: flags.token ?? env.SEGMENT_TOKEN ?? base.token,
    workspaceSlug: flags.workspace ?? base.workspaceSlug,
    trackingPlanId: flags.plan ?? base.trackingPlanId,
    trackingPlanName: flags.name ?? base.trackingPlanName,
    apiBaseUrl: (flags.baseUrl ?? base.apiBaseUrl).replace(/\/+$/, ''),
    api: flags.api ?? base.api,
    region: flags.region ?? base.region,
    eventNaming: flags.eventNaming ?? base.eventNaming,
    propertyNaming: flags.propertyNaming ?? base.propertyNaming,
    descriptions: flags.descriptions ?? base.descriptions,
    notesColumns: flags.notesColumns ?? base.notesColumns,
    labelColumns: flags.labelColumns ?? base.labelColumns,
  };
}

const FLAG_FOR: Record<RequiredSetting, string> = {
  'Personal Access Token': 'pass --token or set SEGMENT_TOKEN',
  'Workspace Slug': 'pass --workspace',
  'Tracking Plan ID': 'pass --plan',
};

/** The target, or messages naming the flag (and the Importer Settings label) for each thing to fix. */
export function targetOrMessages(settings: ImporterSettings): { target?: UploadTarget; messages: string[] } {
  const result = resolveTarget(settings);
  if (result.ok) return { target: result.target, messages: [] };
  const missing = result.missing.map((label) => `No ${label}: ${FLAG_FOR[label]} (or fill in ${label} in Importer Settings).`);
  return { messages: [...missing, ...result.messages] };
}

export function describeReport(report: UploadReport): string {
  const text = describeUpload(report);
  const lines = [text.headline, text.stopped ?? text.readBack, ...(text.stopped ? [] : text.differences.map((d) => `  ${d}`))];
  if (report.appUrl) lines.push(report.appUrl);
  return `${lines.join('\n')}\n`;
}

export interface PulledPlan {
  rows: ReturnType<typeof planToRows>;
  displayName: string;
  planId: string;
  /** Null-valued members the sheet cannot hold. */
  notKept: string[];
  /** The plan as read: what the sync record beside the file keeps. */
  remote: RemotePlan;
}

/** Reads a plan from Segment (either API) into sheet rows: what Import from Segment writes. */
export async function pullPlan(http: HttpClient, target: UploadTarget, retry: RetryOptions): Promise<PulledPlan> {
  const remote = await readRemotePlan(http, target, retry);
  const rules = normalizedRules(remote.ruleSet);
  return { rows: planToRows(readRules(rules)), displayName: remote.name, planId: remote.planId, notKept: nullMembers(rules), remote };
}

/** A backup that could not be written: push stops before anything is sent. */
export class BackupNotWritten extends Error {}

/**
 * Writes what a push is about to overwrite, as the add-on's backups sheet would keep it. The file is named after
 * the plan id Segment answered with, so only letters, digits, _ and - of it are kept: a server cannot steer the
 * file out of the backup folder.
 */
export async function writeBackup(dir: string, remote: RemotePlan, time: Date): Promise<string> {
  const stamp = time.toISOString().replace(/[:.]/g, '-');
  const id = remote.planId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100) || 'plan';
  const file = path.join(dir, `${id}-${stamp}.json`);
  const backup = {
    time: time.toISOString(),
    api: remote.api,
    planId: remote.planId,
    planName: remote.name,
    updatedAt: remote.updatedAt,
    ruleSet: remote.ruleSet,
  };
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(file, `${JSON.stringify(backup, null, 2)}\n`, { flag: 'wx' });
  } catch (e) {
    throw new BackupNotWritten(`could not write the backup ${file} (${(e as Error).message}). Nothing was sent.`);
  }
  return file;
}

/** Writes a pulled plan as .xlsx (both sheets; never the token) or .csv (the Tracking Plan tab). */
export async function writePulled(file: string, pulled: PulledPlan, settings: ImporterSettings): Promise<void> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') {
    await fs.writeFile(file, rowsCsv(pulled.rows));
    return;
  }
  const values: Record<string, string> = {
    'Personal Access Token': '',
    'Workspace Slug': settings.workspaceSlug,
    'Tracking Plan ID': settings.trackingPlanId,
    'Tracking Plan Name': '',
    'API Base URL': settings.apiBaseUrl,
    Region: settings.region,
    API: settings.api,
  };
  const settingsRows = [['Setting', 'Value', 'Help'], ...SETTINGS.map((s) => [s.label, values[s.label] ?? '', s.help])];
  await fs.writeFile(file, await workbookXlsx({ plan: pulled.rows, settings: settingsRows }));
}

export function safeMessage(message: string, settings: ImporterSettings): string {
  return redact(message, [settings.token]);
}

/**
 * What the add-on remembers in the spreadsheet: backups of Segment's plan before each overwrite (hidden sheet
 * Segment Backups, newest 20 kept) and the last sync of each plan (document properties for the fingerprint,
 * hidden sheet Segment Sync for the rules, to list what was edited in Segment since).
 */
import {
  Backup,
  BACKUP_HEADER,
  BACKUP_SHEET,
  backupEntry,
  BackupEntry,
  backupRow,
  BACKUPS_KEPT,
  META_COLUMNS,
  ruleSetFromCells,
  SYNC_HEADER,
  SYNC_SHEET,
  syncedRuleSet,
  syncRow,
} from '../segment/backup-format';
import type { RemotePlan } from '../segment/remote-plan';
import { stepText } from '../segment/report-text';
import { planKey } from '../segment/send';
import type { LastSync, Review, SendHooks, SyncRecord, SyncState } from '../segment/send';
import { gzipBase64 } from './compression';
import { reportProgress } from './progress';
import { deleteRecordRows, readRecordColumns, readRecordRow, writeRecordRow } from './spreadsheet';

export interface ListedBackup extends BackupEntry {
  /** Row number in Segment Backups; with the time, names one backup. */
  id: string;
}

let user: string | undefined;

/** Who runs this execution (asked once: a Send records it in its backup, its sync and the Changelog). */
export function currentUser(): string {
  if (user !== undefined) return user;
  try {
    user = Session.getActiveUser().getEmail() || 'unknown user';
  } catch {
    user = 'unknown user';
  }
  return user;
}

function saveBackup(remote: RemotePlan, time: string): void {
  const row = backupRow(
    { time, user: currentUser(), api: remote.api, planId: remote.planId, planName: remote.name },
    remote.ruleSet,
    gzipBase64,
  );
  // Rows are appended in time order: the oldest are right under the header.
  const count = writeRecordRow(BACKUP_SHEET, BACKUP_HEADER, row) - 1;
  if (count > BACKUPS_KEPT) deleteRecordRows(BACKUP_SHEET, 2, count - BACKUPS_KEPT);
}

/** Newest first. */
export function listBackups(): ListedBackup[] {
  return readRecordColumns(BACKUP_SHEET, META_COLUMNS)
    .map((row, i) => {
      const entry = backupEntry(row);
      return entry ? { ...entry, id: `${i + 2}|${entry.time}` } : null;
    })
    .filter((b): b is ListedBackup => b !== null)
    .reverse();
}

export function loadBackup(id: string): Backup | null {
  const [rowText, time] = id.split('|');
  const row = readRecordRow(BACKUP_SHEET, Number(rowText));
  const entry = backupEntry(row);
  if (!entry || entry.time !== time) return null;
  const ruleSet = ruleSetFromCells(row, META_COLUMNS, gzipBase64);
  return ruleSet ? { ...entry, ruleSet } : null;
}

const syncKey = (planKey: string) => `segment.sync.${planKey}`;
const restoreKey = (planKey: string) => `segment.restore.${planKey}`;

/** A restore the sheet was not brought in line with: the next Send would undo it, and says so. */
export interface RestoreRecord {
  /** When the restore ran, who ran it, and the time of the backup it put back (all ISO but `by`). */
  at: string;
  by: string;
  backupTime: string;
}

/** Kept per plan in the document properties (a few hundred bytes, far under the 9 KB a value). */
export function rememberRestore(planKey: string, record: Omit<RestoreRecord, 'by'>): void {
  const kept: RestoreRecord = { ...record, by: currentUser() };
  PropertiesService.getDocumentProperties()?.setProperty(restoreKey(planKey), JSON.stringify(kept));
}

export function lastRestore(planKey: string): RestoreRecord | null {
  return parseJson<RestoreRecord>(PropertiesService.getDocumentProperties()?.getProperty(restoreKey(planKey)) ?? '');
}
const reviewKey = (planKey: string) => `segment.review.${planKey}`;

/** The row number of a plan's last sync in Segment Sync, if any. */
function syncRowNumber(planKey: string): number | undefined {
  const index = readRecordColumns(SYNC_SHEET, 1).findIndex((r) => String(r[0]) === planKey);
  return index < 0 ? undefined : index + 2;
}

export function lastSync(planKey: string): LastSync | null {
  const text = PropertiesService.getDocumentProperties()?.getProperty(syncKey(planKey));
  if (!text) return null;
  const state = JSON.parse(text) as SyncState;
  return {
    state,
    ruleSet: () => {
      const at = syncRowNumber(planKey);
      return at === undefined ? null : syncedRuleSet(readRecordRow(SYNC_SHEET, at), state.hash, gzipBase64);
    },
  };
}

export function recordSync(planKey: string, record: SyncRecord): void {
  // Who synced is kept beside the state, for the sidebar's "last sync"; the send flow reads only the state.
  const kept: SyncState & { by: string } = { ...record.state, by: currentUser() };
  const properties = PropertiesService.getDocumentProperties();
  properties?.setProperty(syncKey(planKey), JSON.stringify(kept));
  // The sheet and Segment now agree (a Send, a Take, an import into Tracking Plan): no restore is left to undo.
  properties?.deleteProperty(restoreKey(planKey));
  writeRecordRow(SYNC_SHEET, SYNC_HEADER, syncRow(planKey, record.state, record.ruleSet, gzipBase64), syncRowNumber(planKey));
}

/** What the last Compare or Send saw of a plan: whether Segment had been edited since the last sync. */
export interface SeenReview {
  at: string;
  editedInSegment: boolean;
}

/** Remembered for the sidebar, which cannot ask Segment itself every few seconds. */
export function rememberReview(seen: Review): void {
  const record: SeenReview = { at: new Date().toISOString(), editedInSegment: seen.editedInSegment !== null };
  PropertiesService.getDocumentProperties()?.setProperty(reviewKey(planKey(seen.remote)), JSON.stringify(record));
}

/** A plan this spreadsheet synced with, as the sidebar shows it. */
export interface SyncSummary {
  /** `config:rs_…` or `public:tp_…`. */
  plan: string;
  syncedAt: string;
  by: string;
  /** Set when the last Compare or Send after this sync found the plan edited in Segment. */
  editedSeenAt: string | null;
}

/** Every plan synced from this spreadsheet, newest first, from document properties alone (no sheet read). */
export function syncSummaries(properties: Record<string, string>): SyncSummary[] {
  const prefix = syncKey('');
  const summaries: SyncSummary[] = [];
  for (const [key, text] of Object.entries(properties)) {
    if (!key.startsWith(prefix)) continue;
    const plan = key.slice(prefix.length);
    const state = parseJson<Partial<SyncState> & { by?: string }>(text);
    if (!state || typeof state.syncedAt !== 'string') continue;
    const seen = parseJson<Partial<SeenReview>>(properties[reviewKey(plan)] ?? '');
    // A review from before the sync (a Send's own, or an earlier Compare) saw a plan the sync replaced.
    const edited = seen?.editedInSegment === true && typeof seen.at === 'string' && seen.at > state.syncedAt;
    summaries.push({ plan, syncedAt: state.syncedAt, by: state.by ?? '', editedSeenAt: edited ? (seen.at as string) : null });
  }
  return summaries.sort((a, b) => (a.syncedAt < b.syncedAt ? 1 : -1));
}

function parseJson<T>(text: string): T | null {
  try {
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

/**
 * How an upload from the spreadsheet remembers: backups and syncs in the spreadsheet, confirmed as given (and
 * what was seen remembered for the sidebar), each step told in a toast and the progress record the sidebar reads.
 */
export function spreadsheetHooks(confirm: SendHooks['confirm'], backedUp?: (remote: RemotePlan, time: string) => void): SendHooks {
  return {
    lastSync,
    confirm: (seen) => {
      rememberReview(seen);
      return confirm(seen);
    },
    progress: (step) => reportProgress(stepText(step)),
    backup: (remote) => {
      const time = new Date().toISOString();
      saveBackup(remote, time);
      backedUp?.(remote, time);
    },
    recordSync,
    now: () => new Date().toISOString(),
  };
}

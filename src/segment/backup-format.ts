/**
 * Backups and sync records as spreadsheet rows: a few columns to list them by, then the JSON, compressed, in
 * cells of at most 40,000 characters (Sheets holds 50,000 in a cell). A 2,000-event plan is megabytes of JSON:
 * uncompressed, twenty backups make a spreadsheet slow to open and copy. Writing them as text is the adapter's job.
 */
import { isApiKind, planApi } from './plan-api';
import type { ApiKind } from './target';
import type { RuleSet } from './remote-plan';
import type { SyncState } from './send';

export const BACKUP_SHEET = 'Segment Backups';
export const SYNC_SHEET = 'Segment Sync';
export const BACKUPS_KEPT = 20;
const CHUNK_CHARS = 40_000;
export const BACKUP_HEADER = ['Time', 'User', 'API', 'Plan ID', 'Plan name', 'Rules', 'JSON (continues to the right)'];
export const SYNC_HEADER = ['Plan', 'Synced at', 'Segment updatedAt', 'Hash', 'JSON (continues to the right)'];
export const META_COLUMNS = 6;
const SYNC_META_COLUMNS = 4;

export interface BackupEntry {
  time: string;
  user: string;
  api: ApiKind;
  planId: string;
  planName: string;
  ruleCount: number;
}

export interface Backup extends BackupEntry {
  ruleSet: RuleSet;
}

/** Text to compact text and back: gzip and base64 in Apps Script (Utilities), zlib in Node. */
export interface TextCompressor {
  compress(text: string): string;
  decompress(text: string): string;
}

/** Marks compressed JSON; older rows hold plain JSON, which starts with "{". */
const COMPRESSED = 'gzip64:';

/** Cuts text into cells, never between the two halves of a surrogate pair (an emoji, say). */
export function chunks(text: string, size = CHUNK_CHARS): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length;) {
    let end = Math.min(i + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    out.push(text.slice(i, end));
    i = end;
  }
  return out.length > 0 ? out : [''];
}

function packed(ruleSet: RuleSet, compressor: TextCompressor): string[] {
  return chunks(COMPRESSED + compressor.compress(JSON.stringify(ruleSet)));
}

export function ruleCount(ruleSet: RuleSet): number {
  return planApi(ruleSet.api).ruleCount(ruleSet);
}

export function backupRow(entry: Omit<BackupEntry, 'ruleCount'>, ruleSet: RuleSet, compressor: TextCompressor): (string | number)[] {
  return [entry.time, entry.user, entry.api, entry.planId, entry.planName, ruleCount(ruleSet), ...packed(ruleSet, compressor)];
}

/** A cell of a backup row as text: the add-on writes text and numbers there, so anything else reads as blank. */
function cellString(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

export function backupEntry(row: readonly unknown[]): BackupEntry | null {
  const api = cellString(row[2]);
  if (!isApiKind(api)) return null;
  return {
    time: cellString(row[0]),
    user: cellString(row[1]),
    api,
    planId: cellString(row[3]),
    planName: cellString(row[4]),
    ruleCount: Number(row[5] ?? 0),
  };
}

/** A plan's last sync as a Segment Sync row. */
export function syncRow(planKey: string, state: SyncState, ruleSet: RuleSet, compressor: TextCompressor): string[] {
  return [planKey, state.syncedAt, state.updatedAt ?? '', state.hash, ...packed(ruleSet, compressor)];
}

/** The rules of a Segment Sync row, when it still holds the sync with this fingerprint. */
export function syncedRuleSet(row: readonly unknown[], hash: string, compressor: TextCompressor): RuleSet | null {
  return String(row[3]) === hash ? ruleSetFromCells(row, SYNC_META_COLUMNS, compressor) : null;
}

/** The JSON kept in a row's cells from column `from` on (compressed or, in older rows, plain). */
export function jsonFromCells(row: readonly unknown[], from: number, compressor: TextCompressor): string {
  const text = row.slice(from).map(cellString).join('');
  return text.startsWith(COMPRESSED) ? compressor.decompress(text.slice(COMPRESSED.length)) : text;
}

/** The rule set kept in a row's JSON cells, from column `from` on; null when they hold none (or are damaged). */
export function ruleSetFromCells(row: readonly unknown[], from: number, compressor: TextCompressor): RuleSet | null {
  try {
    const value = JSON.parse(jsonFromCells(row, from, compressor)) as RuleSet;
    return value && isApiKind(value.api) ? value : null;
  } catch {
    return null;
  }
}

/**
 * After Restore a backup…: the Changelog row, and the sheet brought in line with the restored plan when the analyst
 * says Yes. A No is remembered for the plan, so that the next Send's question says it undoes the restore.
 */
import { errorMessage } from './error-message';
import { headerRowIndex } from '../plan/header';
import { TRACKING_PLAN_SHEET } from '../plan/columns';
import { planToRows } from '../plan/write-plan';
import type { Backup } from '../segment/backup-format';
import { changelogResult, listedTime } from '../segment/changelog';
import { readRules } from '../segment/read-rules';
import { normalizedRules } from '../segment/remote-plan';
import { describeUpload, utcTime } from '../segment/report-text';
import { planKey, Review, SendOutcome } from '../segment/send';
import type { UploadTarget } from '../segment/target';
import { MAX_CELL_CHARS, overlongCells } from './cell-limits';
import { appendChangelog } from './changelog';
import { describeTarget, safe, TITLE } from './context';
import { rememberRestore } from './records';
import { readTrackingPlanSheet, writeImportedPlan } from './spreadsheet';
import { alert, confirm } from './ui';

/** What the Changelog says of a restore, whatever its result. */
function logRestore(backup: Backup, seen: Review, backupTaken: string | null, result: string): void {
  appendChangelog({
    action: 'Restore',
    planName: seen.remote.name || seen.remote.planId,
    planId: seen.remote.planId,
    diff: seen.diff,
    backupTime: backupTaken,
    result,
    note: `Restored the backup of ${listedTime(backup.time)}.`,
  });
}

export function logFailedRestore(backup: Backup, seen: Review | null, backupTaken: string | null, error: unknown): void {
  if (!seen) return;
  logRestore(backup, seen, backupTaken, changelogResult({ failed: safe(errorMessage(error)) }));
}

/** The sheet's header cells the restored rows have no column for: what writing them would lose. */
function lostColumns(rows: readonly (string | number | boolean)[][]): string[] {
  const current = readTrackingPlanSheet();
  if (!current) return [];
  const header = current.values[headerRowIndex(current.values) ?? 0] ?? [];
  const kept = new Set(rows[0]?.map((c) => String(c).trim().toLowerCase()));
  return header.map((c) => String(c).trim()).filter((c) => c !== '' && !kept.has(c.toLowerCase()));
}

/**
 * Logs a restore that was sent, then asks whether the sheet should hold the restored plan: Yes writes it (one batch),
 * No remembers the restore for the next Send. With a `planLabel` (`Plan for iOS`) the sheet holds other plans too, so it is not offered.
 */
export function afterRestore(
  backup: Backup,
  target: UploadTarget,
  outcome: SendOutcome & { kind: 'sent' },
  backupTaken: string | null,
  planLabel: string,
): void {
  const stopped = describeUpload(outcome.report).stopped;
  logRestore(backup, outcome.review, backupTaken, changelogResult({ stopped }));
  if (stopped) return;
  const key = planKey(outcome.review.remote);
  const restored = `Restored ${describeTarget(target)} as it was at ${utcTime(backup.time)}. The Tracking Plan sheet still holds the plan you rolled back.`;
  const later = 'the next Send to Segment would undo this restore, and its question will say so.';
  if (planLabel) {
    // One plan's rows cannot replace a sheet that holds every plan's: the analyst edits it.
    rememberRestore(key, { at: new Date().toISOString(), backupTime: backup.time });
    alert(
      TITLE,
      `${restored}\n\nThe sheet holds several plans, so the restored plan was not written into it: change the rows of ${planLabel} by hand (Compare with Segment lists the differences). Until then, ${later}`,
    );
    return;
  }
  const rows = planToRows(readRules(normalizedRules(backup.ruleSet)));
  const tooLong = overlongCells(rows);
  if (tooLong.length > 0) {
    rememberRestore(key, { at: new Date().toISOString(), backupTime: backup.time });
    alert(
      TITLE,
      `${restored}\n\nThe restored plan cannot be written into the sheet: Sheets holds at most ${MAX_CELL_CHARS.toLocaleString('en-US')} characters in a cell, and ${tooLong.length === 1 ? 'this cell' : 'these cells'} would hold more:\n${tooLong.slice(0, 10).join('\n')}\n\nUntil the sheet matches it, ${later}`,
    );
    return;
  }
  const lost = lostColumns(rows);
  const question = [
    restored,
    '',
    `Write the restored plan into the Tracking Plan sheet? Its rows are replaced by the restored plan’s, as Import from Segment writes them.${lost.length > 0 ? ` Not kept: the sheet’s column${lost.length === 1 ? '' : 's'} ${lost.join(', ')}.` : ''}`,
    '',
    `No keeps the sheet as it is; ${later}`,
  ].join('\n');
  if (!confirm(TITLE, question)) {
    rememberRestore(key, { at: new Date().toISOString(), backupTime: backup.time });
    return;
  }
  writeImportedPlan(rows, TRACKING_PLAN_SHEET, true);
}

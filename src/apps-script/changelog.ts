/**
 * The Changelog sheet: one row per Send, Restore and Take, for anyone to read (the backups are gzipped and
 * hidden). The words come from the core; this only appends them, in one write.
 */
import { errorMessage } from './error-message';
import { CHANGELOG_HEADER, CHANGELOG_SHEET, ChangelogEntry, changelogCells, changelogResult } from '../segment/changelog';
import { PartialUploadError } from '../segment/errors';
import { describeUpload } from '../segment/report-text';
import { planKey, Review } from '../segment/send';
import type { PlansResult, PlanToSend } from '../segment/send-plans';
import { safe } from './context';
import { currentUser } from './records';
import { appendVisibleRow } from './spreadsheet';

/** Appends an entry (its time and user filled in when not given): Send, Restore and Take each call it once a plan. */
export function appendChangelog(entry: Omit<ChangelogEntry, 'time' | 'user'> & { time?: string; user?: string }): void {
  const row = changelogCells({ ...entry, time: entry.time ?? new Date().toISOString(), user: entry.user ?? currentUser() });
  appendVisibleRow(CHANGELOG_SHEET, CHANGELOG_HEADER, row);
}

/** What one Send tells the Changelog: the reviews last asked about, and the backups it took, by plan key. */
export interface SendLog<P extends PlanToSend> {
  asked: Map<P, Review>;
  backups: Map<string, string>;
}

/** A row per plan the Send dealt with: sent, partly sent or failed (plans already matching, or not reached, none). */
export function logSend<P extends PlanToSend>(result: PlansResult<P>, log: SendLog<P>): void {
  const entry = (plan: P, seen: Review) => ({
    action: 'Send' as const,
    planName: `${seen.remote.name || seen.remote.planId}${plan.label ? ` (Plan for ${plan.label})` : ''}`,
    planId: seen.remote.planId,
    diff: seen.diff,
    backupTime: log.backups.get(planKey(seen.remote)) ?? null,
  });
  for (const { plan, outcome } of result.outcomes) {
    if (outcome.kind !== 'sent') continue;
    appendChangelog({ ...entry(plan, outcome.review), result: changelogResult({ stopped: describeUpload(outcome.report).stopped }) });
  }
  const failure = result.failure;
  const seen = failure && log.asked.get(failure.plan);
  if (!failure || !seen) return;
  const message = safe(errorMessage(failure.error));
  appendChangelog({
    ...entry(failure.plan, seen),
    result: failure.error instanceof PartialUploadError ? `partly sent: ${message}` : changelogResult({ failed: message }),
  });
}

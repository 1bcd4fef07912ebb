/** The menu items that start from Segment's side: import, compare, and restore a backup. */
import { TRACKING_PLAN_SHEET } from '../plan/columns';
import { hasPlanRows } from '../plan/parse-plan';
import { planToRows } from '../plan/write-plan';
import { nullMembers, readRules } from '../segment/read-rules';
import { diffLines, diffSummary, isEmptyDiff } from '../segment/diff';
import type { Backup } from '../segment/backup-format';
import { normalizedRules, readRemotePlan, RemotePlan } from '../segment/remote-plan';
import type { TrackingPlan } from '../plan/model';
import { mergeSourcedPlans } from '../plan/merge-plans';
import { planKey, review, Review, syncState } from '../segment/send';
import { sendWithReview } from '../segment/send-plans';
import { planApi } from '../segment/plan-api';
import { describeUpload, stepText, utcTime } from '../segment/report-text';
import type { UploadTarget } from '../segment/target';
import { planTargets } from '../plan/sources';
import { escapeHtml } from './html';
import { planName, SheetPlan, sheetPlans } from './send-command';
import { showDialog } from './ui';
import {
  checkSheets,
  describeContents,
  describeTarget,
  EXECUTION_BUDGET_MS,
  apiFailure,
  guarded,
  readSettings,
  retryOptions,
  TITLE,
  uploadTarget,
  withUploadLock,
} from './context';
import { MAX_CELL_CHARS, overlongCells } from './cell-limits';
import { reportProgress } from './progress';
import { afterRestore, logFailedRestore } from './restore-sheet';
import { showUploadReport } from './upload-report';
import { ensureChangeTrigger } from './change-trigger';
import { lastSync, listBackups, loadBackup, recordSync, rememberReview, spreadsheetHooks } from './records';
import { readTrackingPlanSheet, writeImportedPlan } from './spreadsheet';
import { alert, showPage } from './ui';
import { urlFetchClient } from './url-fetch-client';

/** A time in a sheet name, which cannot hold a colon. */
function sheetStamp(iso: string): string {
  return utcTime(iso).replace(':', '.');
}

export function importFromSegment(): Promise<void> {
  return guarded('Import from Segment', async () => {
    ensureChangeTrigger();
    const settings = readSettings();
    const plans: ImportedPlan[] = [];
    for (const { label, sources, settings: each } of planTargets(settings.settings)) {
      const target = uploadTarget({ ...settings, settings: each }, 'Nothing was imported.');
      if (!target) return;
      plans.push({ name: `Plan for ${label}`, label, sources: sources ?? [], target });
    }
    let ending = 'Import from Segment stopped before the end; its message says why.';
    try {
      ending = await importPlans(plans);
    } finally {
      reportProgress(ending, true);
    }
  });
}

/** A plan to import: where it is, and the sources it is for (none for a sheet's one plan). */
interface ImportedPlan {
  name: string;
  label: string;
  sources: string[];
  target: UploadTarget;
}

/**
 * Reads every plan; several become one sheet, what only some plans have scoped to their sources. Null (said) when
 * a plan cannot be read or the plans differ in what one sheet cannot hold.
 */
async function readPlans(plans: readonly ImportedPlan[]): Promise<{ plan: TrackingPlan; remotes: RemotePlan[]; lost: string[] } | null> {
  reportProgress(stepText({ step: 'reading' }));
  const remotes: RemotePlan[] = [];
  try {
    for (const { target } of plans) remotes.push(await readRemotePlan(urlFetchClient, target, retryOptions()));
  } catch (e) {
    apiFailure(e, 'import failed');
    return null;
  }
  const read = remotes.map((r) => normalizedRules(r.ruleSet));
  const lost = read.flatMap(nullMembers);
  const [only] = plans;
  if (plans.length === 1 && only && !only.label) return { plan: readRules(read[0] ?? []), remotes, lost };
  const merged = mergeSourcedPlans(plans.map((p, i) => ({ name: p.name, sources: p.sources, plan: readRules(read[i] ?? []) })));
  if (merged.conflicts.length > 0) {
    alert(
      TITLE,
      `Nothing was imported: one sheet holds one definition of each event and property, and these differ between the plans:\n${merged.conflicts
        .slice(0, 10)
        .map((c) => `  • ${c}`)
        .join('\n')}${merged.conflicts.length > 10 ? '\n  • …' : ''}`,
    );
    return null;
  }
  return { plan: merged.plan, remotes, lost };
}

/** Reads the plans, writes them into a sheet, and says how it went; returns the last word for the progress record. */
async function importPlans(plans: readonly ImportedPlan[]): Promise<string> {
  const found = await readPlans(plans);
  if (!found) return 'Nothing was imported.';
  const { plan, remotes, lost } = found;
  const rows = planToRows(plan);
  const tooLong = overlongCells(rows);
  if (tooLong.length > 0) {
    alert(
      TITLE,
      `Nothing was imported: Sheets holds at most ${MAX_CELL_CHARS.toLocaleString('en-US')} characters in a cell, and ${tooLong.length === 1 ? 'this cell' : 'these cells'} of the imported plan would hold more:\n` +
        tooLong.slice(0, 10).join('\n'),
    );
    return 'Nothing was imported.';
  }
  const current = readTrackingPlanSheet();
  // Rows an analyst wrote are never overwritten: an import then goes to a sheet of its own.
  const intoTrackingPlan = !current || !hasPlanRows(current.values);
  const now = new Date().toISOString();
  reportProgress(`Writing ${describeContents(plan)} (${(rows.length - 1).toLocaleString('en-US')} rows) into the sheet…`);
  const [first] = remotes;
  const title = plans.length === 1 && first ? first.name || first.planId : 'Segment plans';
  const name = writeImportedPlan(rows, intoTrackingPlan ? TRACKING_PLAN_SHEET : `${title} ${sheetStamp(now)}`, intoTrackingPlan);
  // Only the sheet Send reads counts as synced: a side sheet is a look, and the edits it shows are still news.
  if (intoTrackingPlan) {
    for (const remote of remotes) {
      recordSync(planKey(remote), { state: syncState(remote.ruleSet, remote.updatedAt, now), ruleSet: remote.ruleSet });
    }
  }
  const from = remotes.map((r, i) => {
    const p = plans[i];
    return `${p?.label ? `${p.name}: ` : ''}${p ? describeTarget(p.target) : r.planId} ("${r.name}")`;
  });
  const done = `Imported ${describeContents(plan)} from ${from.join('; ')} into the sheet "${name}".`;
  alert(
    TITLE,
    done +
      (intoTrackingPlan
        ? ''
        : `\n\nTracking Plan already has rows, so it was left as it is. To send the imported plan instead, rename "${name}" to "${TRACKING_PLAN_SHEET}" (after renaming the current one).`) +
      (lost.length > 0
        ? `\n\nNot kept, because a sheet cannot hold a JSON null (sending the sheet would drop them): ${lost.slice(0, 10).join(', ')}${lost.length > 10 ? ', …' : ''}.`
        : ''),
  );
  return done;
}

/** The diff page's data: the whole diff, the removals by name, and the edits made in Segment. */
function diffPage(seen: Review, summaryPrefix: string, confirm: { label: string; call: string; args: string[] } | null, takeable = false) {
  const same = isEmptyDiff(seen.diff) && !seen.rename;
  const edited = seen.editedInSegment
    ? {
        title: `Edited in Segment since your last sync (${utcTime(seen.editedInSegment.lastSync.syncedAt)}): sending the sheet would overwrite these edits.`,
        lines: seen.editedInSegment.edits ? diffLines(seen.editedInSegment.edits) : [],
        // The edits can be taken into the sheet instead (Take edits from Segment…).
        take: takeable,
      }
    : null;
  return {
    summary: `${summaryPrefix} ${diffSummary(seen.diff)}${seen.rename ? ` The plan would be renamed "${seen.rename}".` : ''}`,
    same,
    removals: seen.diff.removals,
    added: seen.diff.added,
    removed: seen.diff.removed,
    changed: seen.diff.changed,
    edited,
    confirm: same ? null : confirm,
  };
}

export function compareWithSegment(): Promise<void> {
  return guarded('Compare with Segment', async () => {
    const checked = checkSheets('compare');
    if (!checked) return;
    const plans = sheetPlans(checked, 'Nothing was compared.');
    const [only] = plans ?? [];
    if (!plans || !only) return;
    const seen: Review[] = [];
    try {
      for (const plan of plans) seen.push(await review(urlFetchClient, plan.target, plan.ruleSet, retryOptions(), { lastSync }));
    } catch (e) {
      apiFailure(e, 'compare failed');
      return;
    }
    seen.forEach(rememberReview);
    if (plans.length > 1 || only.label) showComparisons(plans, seen);
    else showComparison(only.target, seen[0]);
  });
}

/** The diff page of a sheet's one plan, with a button to send. */
function showComparison(target: UploadTarget, seen: Review): void {
  showPage(
    'diff',
    `Compare with Segment: ${seen.remote.planId}`,
    // Send reads the sheet and Segment again and asks its own Yes/No: what it sends is what is there then.
    diffPage(
      seen,
      `What Send to Segment would change in ${describeTarget(target)}:`,
      {
        label: 'Send these changes',
        call: 'sendToSegment',
        args: [],
      },
      true,
    ),
    760,
    520,
  );
}

/** Each plan's comparison in a section of its own: what Send would change, and the edits made in Segment since. */
function showComparisons(plans: readonly SheetPlan[], seen: readonly Review[]): void {
  const sections = plans.map((plan, i) => {
    const r = seen[i];
    const same = isEmptyDiff(r.diff) && !r.rename;
    const lines = same ? [] : diffLines(r.diff);
    const edited = r.editedInSegment
      ? [
          `Edited in Segment since your last sync (${utcTime(r.editedInSegment.lastSync.syncedAt)}): sending the sheet would overwrite these edits.`,
          ...(r.editedInSegment.edits ? diffLines(r.editedInSegment.edits) : []),
        ]
      : [];
    const list = (items: string[]) => (items.length > 0 ? `<ul>${items.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : '');
    return `<h3>${escapeHtml(planName(plan))}</h3><p>${escapeHtml(same ? 'Segment already matches the sheet.' : diffSummary(r.diff))}</p>${list(lines)}${list(edited)}`;
  });
  showDialog('Compare with Segment: what Send to Segment would change in each plan', sections.join(''), 760, 520);
}

export function showBackups(): Promise<void> {
  return guarded('Restore a backup', () => {
    showPage('backups', 'Restore a backup', { backups: listBackups() }, 760, 460);
  });
}

/**
 * The backup and where it goes back to: the plan it came from, through the API it came from, never renamed.
 * Null, after saying why, when it cannot be restored.
 */
function restorable(id: string): { backup: Backup; target: UploadTarget; planLabel: string } | null {
  const backup = loadBackup(id);
  if (!backup) {
    alert(TITLE, 'That backup is no longer in Segment Backups. Open Segment > Restore a backup… again. Nothing was restored.');
    return null;
  }
  const settings = readSettings();
  // With a plan per source, the backup goes back to the plan it came from.
  const targets = planTargets(settings.settings);
  const from = targets.find((t) => t.settings.trackingPlanId === backup.planId) ?? targets[0];
  const target = uploadTarget(from ? { ...settings, settings: from.settings } : settings, 'Nothing was restored.');
  if (!target) return null;
  if (target.api !== backup.api) {
    alert(
      TITLE,
      `This backup was taken through the ${planApi(backup.api).label}, but Importer Settings now name a ${planApi(target.api).label} plan. Nothing was restored.`,
    );
    return null;
  }
  return { backup, target: { ...target, displayName: '' }, planLabel: from?.label ? `Plan for ${from.label}` : '' };
}

function mismatch(seen: Review, backup: { planId: string }): boolean {
  if (seen.remote.planId === backup.planId) return false;
  alert(
    TITLE,
    `This backup is of plan ${backup.planId}, but Importer Settings name plan ${seen.remote.planId}. Set Tracking Plan ID to ${backup.planId} to restore it. Nothing was restored.`,
  );
  return true;
}

/** Called from the backups dialog: shows what restoring would change, with a button to do it. */
export function reviewRestore(id: string): Promise<void> {
  return guarded('Restore a backup', async () => {
    const found = restorable(id);
    if (!found) return;
    const { backup, target } = found;
    let seen: Review;
    try {
      seen = await review(urlFetchClient, target, backup.ruleSet, retryOptions(), { lastSync });
    } catch (e) {
      apiFailure(e, 'restore failed');
      return;
    }
    if (mismatch(seen, backup)) return;
    showPage(
      'diff',
      `Restore the backup of ${utcTime(backup.time)}?`,
      diffPage(
        seen,
        `Restoring puts back plan ${backup.planId} as it was at ${utcTime(backup.time)} (${backup.ruleCount} rules). Compared with Segment now:`,
        {
          label: 'Restore this backup',
          call: 'restoreBackup',
          args: [id],
        },
      ),
      760,
      520,
    );
  });
}

/** Called from the restore review: backs up the current plan, then uploads the backup. */
export function restoreBackup(id: string): Promise<void> {
  const started = Date.now();
  return guarded('Restore a backup', () =>
    withUploadLock(async () => {
      const found = restorable(id);
      if (!found) return;
      const { backup, target } = found;
      let ending = 'Restore a backup stopped before the end; its message says why.';
      let seen: Review | null = null;
      let backupTaken: string | null = null;
      try {
        let refused = false;
        const outcome = await sendWithReview(
          urlFetchClient,
          target,
          backup.ruleSet,
          retryOptions(),
          // The analyst confirmed in the review dialog; only the plan itself is checked again.
          spreadsheetHooks(
            (r) => !(refused = mismatch((seen = r), backup)),
            (_, time) => (backupTaken = time),
          ),
          { deadline: started + EXECUTION_BUDGET_MS },
        );
        ending = outcome.kind === 'unchanged' ? 'Segment already matches this backup: nothing was sent.' : 'Nothing was restored.';
        if (outcome.kind === 'unchanged') alert(TITLE, ending);
        else if (outcome.kind === 'sent') {
          const text = describeUpload(outcome.report);
          ending = text.stopped ?? text.headline;
          afterRestore(backup, target, outcome, backupTaken, found.planLabel);
          showUploadReport(outcome.report);
        } else if (!refused) alert(TITLE, ending);
      } catch (e) {
        logFailedRestore(backup, seen, backupTaken, e);
        apiFailure(e, 'restore failed');
      } finally {
        reportProgress(ending, true);
      }
    }),
  );
}

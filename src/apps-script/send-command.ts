/**
 * Send to Segment: every plan the sheet names (one, or one per `Plan for` source) compared with Segment, asked about
 * once, then each backed up, uploaded and read back, with a line per plan in the report.
 */
import type { TrackingPlan } from '../plan/model';
import { settingsToSendWith } from './plan-commands';
import { planForSources, planTargets } from '../plan/sources';
import { diffSummary } from '../segment/diff';
import { PartialUploadError, SegmentApiError } from '../segment/errors';
import { sheetRuleSet } from '../segment/remote-plan';
import type { UploadStep } from '../segment/plan-api';
import { describeUpload, stepText, utcTime } from '../segment/report-text';
import { planKey, Review } from '../segment/send';
import { listedTime } from '../segment/changelog';
import { logSend, SendLog } from './changelog';
import { PlanReview, PlansResult, PlanToSend, sendPlansWithReview } from '../segment/send-plans';
import {
  apiFailure,
  CheckedSheets,
  checkSheets,
  describeContents,
  describeTarget,
  EXECUTION_BUDGET_MS,
  guarded,
  retryOptions,
  safe,
  TITLE,
  uploadTarget,
  withUploadLock,
} from './context';
import { escapeHtml } from './html';
import { reportProgress } from './progress';
import { lastRestore, rememberReview, spreadsheetHooks } from './records';
import { alert, confirm, showDialog } from './ui';
import { showUploadReport } from './upload-report';
import { urlFetchClient } from './url-fetch-client';

const LISTED_REMOVALS = 60;

/** One plan of the sheet: where it goes, what of the sheet it gets, and its rules. */
export interface SheetPlan extends PlanToSend {
  plan: TrackingPlan;
  contents: string;
}

/** Each plan the settings name with its target, or null after saying which settings to fix. */
export function sheetPlans(checked: CheckedSheets, doing: string): SheetPlan[] | null {
  const plans: SheetPlan[] = [];
  for (const { label, sources, settings } of planTargets(checked.settings.settings)) {
    const target = uploadTarget({ ...checked.settings, settings }, doing);
    if (!target) return null;
    const plan = planForSources(checked.plan, sources);
    plans.push({ label, target, plan, contents: describeContents(plan), ruleSet: sheetRuleSet(plan, target.api) });
  }
  return plans;
}

/** `Plan for Web (rs_web)`: how a plan of several is named to the analyst. */
export function planName(plan: PlanToSend): string {
  return `Plan for ${plan.label} (${describeTarget(plan.target).replace(/^tracking plan /, '')})`;
}

export function sendToSegment(): Promise<void> {
  const started = Date.now();
  return guarded('Send to Segment', () => withUploadLock(() => send(started + EXECUTION_BUDGET_MS)));
}

/** What sending one plan does: what is replaced, what changes, every removal by name, and edits made in Segment. */
function planLines(plan: SheetPlan, seen: Review): string[] {
  const lines = [
    `Replace ${describeTarget(plan.target)} with ${plan.contents} from this sheet?`,
    '',
    `Compared with Segment: ${diffSummary(seen.diff)}`,
  ];
  if (seen.changedWhileAsked) {
    lines.unshift(
      `⚠ The plan changed in Segment while you were deciding (${diffSummary(seen.changedWhileAsked)}). Nothing was sent; here is the comparison with the plan as it is now.`,
      '',
    );
  }
  if (seen.diff.removals.length > 0) {
    lines.push('', 'This removes from Segment:');
    for (const removal of seen.diff.removals.slice(0, LISTED_REMOVALS)) lines.push(`  • ${removal}`);
    if (seen.diff.removals.length > LISTED_REMOVALS)
      lines.push(`  • … and ${seen.diff.removals.length - LISTED_REMOVALS} more (Segment > Compare with Segment lists all)`);
  }
  if (seen.editedInSegment) {
    const { lastSync: last, edits } = seen.editedInSegment;
    lines.push('', `⚠ The plan was edited in Segment since your last sync (${utcTime(last.syncedAt)}); sending overwrites those edits:`);
    if (edits) lines.push(`  ${diffSummary(edits)}`);
  }
  if (seen.rename) lines.push('', `The plan will be renamed "${seen.rename}".`);
  return lines;
}

/** The question's first lines: each restore this Send would undo (the analyst kept the sheet as it was). */
function undoneRestores(reviews: ReadonlyArray<PlanReview<SheetPlan>>): string[] {
  const lines: string[] = [];
  for (const r of reviews) {
    const restore = lastRestore(planKey(r.review.remote));
    if (!restore) continue;
    const which = r.plan.label ? ` in ${planName(r.plan)}` : '';
    lines.push(
      `⚠ This undoes the restore of ${utcTime(restore.at)} by ${restore.by}${which} (the backup of ${listedTime(restore.backupTime)}): the sheet still holds the plan that restore rolled back.`,
    );
  }
  return lines.length > 0 ? [...lines, ''] : [];
}

/** The one question: a section per plan that would change, and the plans already matching named. */
function confirmationText(plans: readonly SheetPlan[], reviews: ReadonlyArray<PlanReview<SheetPlan>>): string {
  const [only] = reviews;
  if (plans.length === 1 && only) {
    return [
      ...planLines(only.plan, only.review),
      '',
      'This overwrites the whole plan in Segment, including edits made in the Segment app. A backup of the current plan is kept (Segment > Restore a backup…).',
    ].join('\n');
  }
  const lines = [`Send ${reviews.length} of the sheet's ${plans.length} plans to Segment?`];
  for (const r of reviews) lines.push('', `■ ${planName(r.plan)}`, ...planLines(r.plan, r.review));
  const matching = plans.filter((p) => !reviews.some((r) => r.plan === p));
  if (matching.length > 0) lines.push('', `Already matching the sheet, so not sent: ${matching.map(planName).join(', ')}.`);
  lines.push(
    '',
    'This overwrites each of these plans in Segment, including edits made in the Segment app. A backup of each is kept first (Segment > Restore a backup…).',
  );
  return lines.join('\n');
}

async function send(deadline: number): Promise<void> {
  const checked = checkSheets('send');
  if (!checked) return;
  // No plan id but a name: the analyst may have Segment create the plan first.
  const settings = checked.settings.settings.plans.length > 0 ? checked.settings : await settingsToSendWith(checked.settings);
  if (!settings) return;
  const plans = sheetPlans({ ...checked, settings }, 'Nothing was sent.');
  if (!plans) return;
  // The last word of the run, for the sidebar's record and a toast: the dialogs say the rest.
  let ending = 'Send to Segment stopped before the end; its message says why.';
  try {
    const log: SendLog<SheetPlan> = { asked: new Map(), backups: new Map() };
    const base = spreadsheetHooks(
      () => true,
      (remote, time) => log.backups.set(planKey(remote), time),
    );
    // With several plans, each phase says which plan it is about.
    let about = '';
    const hooks = {
      ...base,
      sending: (plan: SheetPlan) => void (about = plan.label ? `${planName(plan)}: ` : ''),
      progress: (step: UploadStep) => reportProgress(about + stepText(step)),
      confirm: (reviews: Array<PlanReview<SheetPlan>>) => {
        for (const r of reviews) rememberReview(r.review);
        for (const r of reviews) log.asked.set(r.plan, r.review);
        return confirm('Send to Segment?', [...undoneRestores(reviews), confirmationText(plans, reviews)].join('\n'));
      },
    };
    const result = await sendPlansWithReview(urlFetchClient, plans, retryOptions(), hooks, { deadline });
    logSend(result, log);
    ending = plans.length === 1 && !plans[0]?.label ? onePlanReport(result) : severalPlansReport(plans, result);
  } catch (e) {
    apiFailure(e, 'upload failed');
  } finally {
    reportProgress(ending, true);
  }
}

/** A sheet's one plan, as ever: a message when nothing changed, the upload report otherwise. */
function onePlanReport(result: PlansResult<SheetPlan>): string {
  if (result.failure) throw result.failure.error;
  const [first] = result.outcomes;
  if (!first || first.outcome.kind === 'cancelled') return 'Nothing was sent.';
  if (first.outcome.kind === 'unchanged') {
    const ending = `Segment already matches the sheet: nothing was sent to ${describeTarget(first.plan.target)}.`;
    alert(TITLE, ending);
    return ending;
  }
  const text = describeUpload(first.outcome.report);
  showUploadReport(first.outcome.report);
  return text.stopped ?? text.headline;
}

/** One dialog, a line per plan: what was sent, read back, already matched, failed or left unsent. */
function severalPlansReport(plans: readonly SheetPlan[], result: PlansResult<SheetPlan>): string {
  if (result.failure && !(result.failure.error instanceof SegmentApiError)) throw result.failure.error;
  if (result.outcomes.every((o) => o.outcome.kind === 'cancelled') && !result.failure) return 'Nothing was sent.';
  const lines: string[] = [];
  for (const { plan, outcome } of result.outcomes) {
    if (outcome.kind === 'unchanged') lines.push(`${planName(plan)}: Segment already matched the sheet; nothing was sent.`);
    else if (outcome.kind === 'sent') {
      const text = describeUpload(outcome.report);
      lines.push(`${planName(plan)}: ${text.headline} ${text.stopped ?? text.readBack}${text.differences.map((d) => ` ${d};`).join('')}`);
    }
  }
  const sent = result.outcomes.filter((o) => o.outcome.kind === 'sent').map((o) => planName(o.plan));
  if (result.failure) {
    const { plan, error } = result.failure;
    const partial = error instanceof PartialUploadError ? ' Its backup (Segment > Restore a backup…) holds it as it was before.' : '';
    lines.push(`${planName(plan)}: failed: ${safe((error as SegmentApiError).message)}${partial}`);
  }
  if (result.notSent.length > 0) {
    lines.push(
      `Sent: ${sent.join(', ') || 'none'}. Not sent: ${result.notSent.map(planName).join(', ')}. Send to Segment again to send them.`,
    );
  }
  const done = result.notSent.length === 0;
  showDialog(done ? 'Sent to Segment' : 'Segment: not every plan was sent', lines.map((l) => `<p>${escapeHtml(l)}</p>`).join(''), 620, 320);
  return done
    ? `Sent ${plans.length} plans: ${sent.length} changed, ${plans.length - sent.length} already matching.`
    : (lines[lines.length - 1] ?? '');
}

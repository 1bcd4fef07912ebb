/**
 * Take edits from Segment: what changed in Segment since the last sync, what changed in the sheet, and what changed
 * in both, listed in a dialog; taking rewrites the taken events' rows in place and records the sync, so the next Send
 * lists only the sheet's own changes.
 */
import { ownColumns } from '../plan/settings';
import { normalizedRules, readRemotePlan, RemotePlan, rulesHash } from '../segment/remote-plan';
import { utcTime } from '../segment/report-text';
import { PublicRule, ruleId } from '../segment/rules';
import { diffRules } from '../segment/diff';
import { planKey, syncState } from '../segment/send';
import { rewriteGrid, takenRules } from '../segment/take-edits';
import { RuleEdit, threeWay } from '../segment/three-way';
import { apiFailure, CheckedSheets, checkSheets, guarded, retryOptions, TITLE } from './context';
import { appendChangelog } from './changelog';
import { lastSync, recordSync } from './records';
import { sheetPlans } from './send-command';
import type { TakePage } from './pages';
import { overwriteRows } from './spreadsheet';
import { alert, showPage } from './ui';
import { urlFetchClient } from './url-fetch-client';

interface Compared {
  checked: CheckedSheets;
  remote: RemotePlan;
  remoteRules: PublicRule[];
  /** The sheet's rules, as the comparison read them. */
  sheetRules: PublicRule[];
  since: string;
  edits: RuleEdit[];
}

/** The sheet, Segment's plan and the last sync compared; null after saying why they cannot be. */
async function compare(): Promise<Compared | null> {
  const checked = checkSheets('compare');
  if (!checked) return null;
  const plans = sheetPlans(checked, 'Nothing was taken.');
  const [only] = plans ?? [];
  if (!plans || !only) return null;
  if (plans.length > 1 || only.label) {
    alert(
      TITLE,
      `Take edits from Segment works on a sheet with one plan, and this sheet names a plan per source (${plans.map((p) => `Plan for ${p.label}`).join(', ')}): which of the sheet's rows each plan's edits belong to is not taken apart yet. Nothing was taken.`,
    );
    return null;
  }
  let remote: RemotePlan;
  try {
    remote = await readRemotePlan(urlFetchClient, only.target, retryOptions());
  } catch (e) {
    apiFailure(e, 'nothing was taken');
    return null;
  }
  const last = lastSync(planKey(remote));
  const synced = last ? last.ruleSet() : null;
  if (!last || !synced || synced instanceof Promise) {
    alert(
      TITLE,
      `This spreadsheet has no sync of plan ${remote.planId} recorded, so nothing tells Segment's edits from the sheet's. Import from Segment into an empty Tracking Plan, or Send to Segment, first. Nothing was taken.`,
    );
    return null;
  }
  const remoteRules = normalizedRules(remote.ruleSet);
  const sheetRules = normalizedRules(only.ruleSet);
  const edits = threeWay(normalizedRules(synced), remoteRules, sheetRules);
  return { checked, remote, remoteRules, sheetRules, since: utcTime(last.state.syncedAt), edits };
}

const lines = (edits: readonly RuleEdit[], side: 'segment' | 'sheet') => edits.map((e) => ({ rule: e.rule, lines: e[side] }));

/** Menu item and the Compare dialog's button: lists the edits, or says there are none to take. */
export function takeEditsFromSegment(): Promise<void> {
  return guarded('Take edits from Segment', async () => {
    const found = await compare();
    if (!found) return;
    const { edits, since, remote } = found;
    const fromSegment = edits.filter((e) => e.kind !== 'sheet');
    const own = edits.filter((e) => e.kind === 'sheet');
    if (fromSegment.length === 0) {
      const sheetSays =
        own.length > 0 ? ` The sheet's own changes (${own.map((e) => e.rule).join(', ')}) go to Segment with Send to Segment.` : '';
      alert(TITLE, `Nothing was edited in Segment since your last sync (${since}).${sheetSays}`);
      return;
    }
    const data: TakePage = {
      since,
      segment: lines(
        edits.filter((e) => e.kind === 'segment'),
        'segment',
      ),
      sheet: lines(own, 'sheet'),
      conflicts: edits.filter((e) => e.kind === 'conflict').map((e) => ({ id: e.id, rule: e.rule, segment: e.segment, sheet: e.sheet })),
      seen: rulesHash(remote.ruleSet),
    };
    showPage('take', `Take edits from Segment: ${remote.planId}`, data, 820, 540);
  });
}

/** Called from the dialog: takes every Segment-only change, and Segment's side of each conflict the analyst chose. */
export function takeSegmentEdits(seen: string, sides: Record<string, string>): Promise<void> {
  return guarded('Take edits from Segment', async () => {
    const found = await compare();
    if (!found) return;
    const { edits, remote, remoteRules, checked } = found;
    const open = edits.filter((e) => e.kind === 'conflict' && sides[e.id] !== 'segment' && sides[e.id] !== 'sheet');
    if (rulesHash(remote.ruleSet) !== seen || open.length > 0) {
      alert(
        TITLE,
        `${open.length > 0 ? `No side was picked for ${open.map((e) => e.rule).join(', ')}` : 'The plan changed in Segment since the list was shown'}. Nothing was taken; open Segment > Take edits from Segment… again.`,
      );
      return;
    }
    const taken = edits.filter((e) => e.kind === 'segment' || (e.kind === 'conflict' && sides[e.id] === 'segment'));
    const kept = edits.filter((e) => e.kind === 'conflict' && sides[e.id] === 'sheet');
    const rewrite = rewriteGrid(checked.planSheet.values, takenRules(taken, remoteRules), ownColumns(checked.settings.settings));
    if ('error' in rewrite) {
      alert(TITLE, `Nothing was taken: ${rewrite.error}.`);
      return;
    }
    overwriteRows(checked.planSheet.sheet, rewrite.start + 1, rewrite.rows);
    const now = new Date().toISOString();
    recordSync(planKey(remote), { state: syncState(remote.ruleSet, remote.updatedAt, now), ruleSet: remote.ruleSet });
    // The Changelog's row: what the sheet's rules became, for the rules taken.
    const ids = new Set(taken.map((e) => e.id));
    const takenOf = (rules: readonly PublicRule[]) => rules.filter((r) => ids.has(ruleId(r)));
    appendChangelog({
      action: 'Take',
      planName: remote.name || remote.planId,
      planId: remote.planId,
      diff: diffRules(takenOf(found.sheetRules), takenOf(remoteRules)),
      backupTime: null,
      result: 'taken into the sheet',
      time: now,
    });
    alert(
      TITLE,
      `Took ${taken.length} edit${taken.length === 1 ? '' : 's'} from Segment into the sheet: ${taken.map((e) => e.rule).join(', ')}.` +
        (kept.length > 0 ? ` Kept the sheet's side of ${kept.map((e) => e.rule).join(', ')}.` : '') +
        " Send to Segment now lists only the sheet's own changes.",
    );
  });
}

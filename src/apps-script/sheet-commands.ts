/** What the sheet-side menu items do: send, validate, preview, set up, help. */
import { SETTINGS_SHEET } from '../plan/columns';
import { diffSummary } from '../segment/diff';
import { planApi } from '../segment/plan-api';
import { sheetRuleSet } from '../segment/remote-plan';
import { describeUpload, utcTime } from '../segment/report-text';
import { Review, sendWithReview } from '../segment/send';
import { chooseApi } from '../segment/target';
import {
  apiFailure,
  checkSheets,
  describeContents,
  describeTarget,
  EXECUTION_BUDGET_MS,
  guarded,
  retryOptions,
  showProblems,
  TITLE,
  uploadTarget,
  withUploadLock,
} from './context';
import { escapeHtml } from './html';
import { bumpPlanRevision } from './plan-revision';
import { settingsToSendWith } from './plan-commands';
import { showUploadReport } from './upload-report';
import { reportProgress } from './progress';
import { spreadsheetHooks } from './records';
import { addMissingSettingRows, createMissingSheets, selectCell, toast } from './spreadsheet';
import { alert, confirm, showDialog } from './ui';
import { urlFetchClient } from './url-fetch-client';

const PREVIEW_CHARS = 200_000;
const LISTED_REMOVALS = 60;

export function sendToSegment(): Promise<void> {
  const started = Date.now();
  return guarded('Send to Segment', () => withUploadLock(() => send(started + EXECUTION_BUDGET_MS)));
}

/** The confirmation: what will be replaced, what changes, every removal by name, and edits made in Segment. */
function confirmationText(target: Parameters<typeof describeTarget>[0], contents: string, seen: Review): string {
  const lines = [
    `Replace ${describeTarget(target)} with ${contents} from this sheet?`,
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
  lines.push(
    '',
    'This overwrites the whole plan in Segment, including edits made in the Segment app. A backup of the current plan is kept (Segment > Restore a backup…).',
  );
  return lines.join('\n');
}

async function send(deadline: number): Promise<void> {
  const checked = checkSheets('send');
  if (!checked) return;
  const settings = await settingsToSendWith(checked.settings);
  if (!settings) return;
  const target = uploadTarget(settings);
  if (!target) return;
  const contents = describeContents(checked.plan);
  // The last word of the run, for the sidebar's record and a toast: the dialogs say the rest.
  let ending = 'Send to Segment stopped before the end; its message says why.';
  try {
    const hooks = spreadsheetHooks((seen) => confirm('Send to Segment?', confirmationText(target, contents, seen)));
    const outcome = await sendWithReview(urlFetchClient, target, sheetRuleSet(checked.plan, target.api), retryOptions(), hooks, {
      deadline,
    });
    if (outcome.kind === 'unchanged') {
      ending = `Segment already matches the sheet: nothing was sent to ${describeTarget(target)}.`;
      alert(TITLE, ending);
    } else if (outcome.kind === 'cancelled') {
      ending = 'Nothing was sent.';
    } else {
      const text = describeUpload(outcome.report);
      ending = text.stopped ?? text.headline;
      showUploadReport(outcome.report);
    }
  } catch (e) {
    apiFailure(e, 'upload failed');
  } finally {
    reportProgress(ending, true);
  }
}

export function validatePlan(): Promise<void> {
  return guarded('Validate plan', () => {
    const checked = checkSheets('validate');
    if (!checked) return;
    if (checked.problems.length > 0) {
      // Only warnings: the plan can be sent; they are listed so they can be fixed.
      showProblems(checked.problems, `The plan is valid (${describeContents(checked.plan)}); nothing was sent.`);
    } else {
      // Nothing to act on: a toast says so without a dialog to close.
      toast(`The plan is valid: ${describeContents(checked.plan)}, no problems. Nothing was sent.`);
    }
  });
}

export function previewRules(): Promise<void> {
  return guarded('Preview rules JSON', () => {
    const checked = checkSheets('preview');
    if (!checked) return;
    const { settings } = checked.settings;
    const api = planApi(chooseApi(settings));
    const json = JSON.stringify(api.requestBody(checked.plan, settings.trackingPlanName), null, 2);
    const cut =
      json.length > PREVIEW_CHARS
        ? `<p>Showing the first ${PREVIEW_CHARS.toLocaleString('en-US')} of ${json.length.toLocaleString('en-US')} characters.</p>`
        : '';
    const how = escapeHtml(`${api.label}: ${api.requestLine(settings.trackingPlanId)}`);
    showDialog(
      'The body Send to Segment would send',
      `<p>${how} — ${describeContents(checked.plan)}.</p>${cut}<pre>${escapeHtml(json.slice(0, PREVIEW_CHARS))}</pre>`,
      800,
      560,
    );
  });
}

export function setUpSheets(): Promise<void> {
  return guarded('Set up sheets', () => {
    const created = createMissingSheets();
    const added = created.includes(SETTINGS_SHEET) ? [] : addMissingSettingRows();
    if (created.length > 0 || added.length > 0) bumpPlanRevision();
    const rows = added.length > 0 ? ` Added ${added.length === 1 ? 'the row' : 'the rows'} ${added.join(', ')} to ${SETTINGS_SHEET}.` : '';
    alert(
      TITLE,
      created.length > 0
        ? `Created ${created.join(' and ')}. Fill in the plan, put your settings in Importer Settings, then use Segment > Send to Segment.${rows}`
        : added.length > 0
          ? `Both sheets (Tracking Plan and Importer Settings) are already here.${rows}`
          : 'Both sheets (Tracking Plan and Importer Settings) are already here; nothing was changed.',
    );
  });
}

export function showHelp(): void {
  showDialog(
    'Segment tracking plan: help',
    `<ol>
<li><b>Set up sheets</b> creates <i>Tracking Plan</i> and <i>Importer Settings</i> if they are missing; <b>Import from Segment</b> fills them from a plan you already have.</li>
<li>Write one row per event (Event Name, Event Description) and one row per property under it (Property Name, Type, Required, …).
Nest with dots (<code>address.city</code>); describe array items with <code>.$</code> (<code>products.$.sku</code>).
Rows with Event Type <i>identify</i>, <i>group</i> or <i>common</i> hold traits and common rules. The <i>JSON Schema</i> column takes anything else, as JSON merged into the row's schema.</li>
<li>In <i>Importer Settings</i> fill in the Tracking Plan ID (<code>rs_…</code> for the Config API with its Workspace Slug, <code>tp_…</code> for the Public API) and your token
— better through <b>Store token privately…</b>, which keeps it out of the sheet. <b>Choose a plan…</b> lists the workspace's plans and writes the one you pick;
<b>Test connection</b> reads the plan to show the token works (it changes nothing); with no plan id and a Tracking Plan Name, <b>Send to Segment</b> offers to create the plan.</li>
<li><b>Open sidebar</b> keeps a panel beside the sheet: the plan at a glance, its problems grouped by event (each a link to its cell), and buttons for the commands below; it follows your edits by itself.</li>
<li>As you type in <i>Tracking Plan</i>, the rows you edit are checked and marked as Validate plan would mark them (set <i>Live Validation</i> to Off in <i>Importer Settings</i> to stop it); plan-wide checks far from your edit wait for Validate plan.</li>
<li><b>Validate plan</b> marks every problem on its cell. <b>Preview rules JSON</b> shows what would be sent. <b>Compare with Segment</b> lists what would change.
<b>Check an event…</b> checks a payload from Segment's debugger (or your code) against the sheet, each violation linked to its row;
what the plan lacks is listed with how many calls carried it, and <b>Add to plan</b> appends rows for it, typed from the pasted calls.</li>
<li><b>Send to Segment</b> validates, shows what changes, asks, backs up Segment's plan, uploads, and reads it back. A plan with errors is never sent.
<b>Restore a backup…</b> puts an earlier version back.</li>
<li><b>Help</b> shows this page.</li>
</ol>
<p><b>The menu in another spreadsheet, without Node:</b> open a spreadsheet that has this menu and use <b>File &gt; Make a copy</b>.
The copy carries the script (and its Segment menu); open the copy, replace its plan, and store your token again there
(a stored token belongs to one spreadsheet, also when the add-on is installed from the Marketplace).</p>`,
    620,
    520,
  );
}

/**
 * Called from the problems dialog and the sidebar: jumps to a cell. Returns null, or what stands in the way (the
 * sheet or the row is gone since the list was made), for the page to show.
 */
export function goToCell(sheet: string, a1: string): string | null {
  return selectCell(sheet, a1);
}

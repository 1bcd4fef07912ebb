/** What the sheet-side menu items do: validate, preview, set up, help (Send is send-command.ts). */
import { SETTINGS_SHEET, TRACKING_PLAN_SHEET } from '../plan/columns';
import { planForSources, planTargets } from '../plan/sources';
import { planApi } from '../segment/plan-api';
import { chooseApi } from '../segment/target';
import { checkSheets, describeContents, guarded, showProblems, TITLE } from './context';
import { escapeHtml } from './html';
import { ensureChangeTrigger } from './change-trigger';
import { addMissingSettingRows, createMissingSheets, selectCell, toast } from './spreadsheet';
import { alert, showDialog } from './ui';

const PREVIEW_CHARS = 200_000;

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
    const targets = planTargets(checked.settings.settings);
    const sections = targets.map(({ label, sources, settings }, i) => {
      const api = planApi(chooseApi(settings));
      const plan = planForSources(checked.plan, sources);
      const json = JSON.stringify(api.requestBody(plan, settings.trackingPlanName), null, 2);
      const cut =
        json.length > PREVIEW_CHARS
          ? `<p>Showing the first ${PREVIEW_CHARS.toLocaleString('en-US')} of ${json.length.toLocaleString('en-US')} characters.</p>`
          : '';
      const how = escapeHtml(`${label ? `Plan for ${label}: ` : ''}${api.label}: ${api.requestLine(settings.trackingPlanId)}`);
      return `<section data-plan="${i}"${i > 0 ? ' hidden' : ''}><p>${how} — ${describeContents(plan)}.</p>${cut}<pre>${escapeHtml(json.slice(0, PREVIEW_CHARS))}</pre></section>`;
    });
    showDialog('The body Send to Segment would send', planPicker(targets.map((t) => t.label)) + sections.join(''), 800, 560);
  });
}

/** With several plans, a picker showing one plan's body at a time. */
function planPicker(labels: readonly string[]): string {
  if (labels.length < 2) return '';
  const options = labels.map((label, i) => `<option value="${i}">Plan for ${escapeHtml(label)}</option>`).join('');
  const show = "for (const s of document.querySelectorAll('section[data-plan]')) s.hidden = s.dataset.plan !== this.value";
  return `<p><label>Plan: <select id="plan-picker" onchange="${escapeHtml(show)}">${options}</select></label></p>`;
}

export function setUpSheets(): Promise<void> {
  return guarded('Set up sheets', () => {
    const created = createMissingSheets();
    ensureChangeTrigger();
    const added = created.includes(SETTINGS_SHEET) ? [] : addMissingSettingRows();
    const rows = added.length > 0 ? ` Added ${added.length === 1 ? 'the row' : 'the rows'} ${added.join(', ')} to ${SETTINGS_SHEET}.` : '';
    alert(
      TITLE,
      created.includes(TRACKING_PLAN_SHEET)
        ? `Created ${listed(created)}. Fill in the plan, put your settings in Importer Settings, then use Segment > Send to Segment.${rows}`
        : created.length > 0
          ? `Both sheets (Tracking Plan and Importer Settings) are already here. Created ${listed(created)}, for properties many events share: a Tracking Plan row @Product includes group Product (see its example).${rows}`
          : added.length > 0
            ? `Both sheets (Tracking Plan and Importer Settings) are already here.${rows}`
            : 'Both sheets (Tracking Plan and Importer Settings) are already here; nothing was changed.',
    );
  });
}

/** `A`, `A and B`, `A, B and C`. */
function listed(names: readonly string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : (names[0] ?? '');
}

export function showHelp(): void {
  showDialog(
    'Segment tracking plan: help',
    `<ol>
<li><b>Set up sheets</b> creates <i>Tracking Plan</i>, <i>Importer Settings</i> and <i>Property Groups</i> if they are missing; <b>Import from Segment</b> fills them from a plan you already have.</li>
<li>Write one row per event (Event Name, Event Description) and one row per property under it (Property Name, Type, Required, …).
Nest with dots (<code>address.city</code>); describe array items with <code>.$</code> (<code>products.$.sku</code>).
Rows with Event Type <i>identify</i>, <i>group</i> or <i>common</i> hold traits and common rules. The <i>JSON Schema</i> column takes anything else, as JSON merged into the row's schema.
Properties many events share go in <i>Property Groups</i>, under a Group name: a row whose Property Name is <code>@Product</code> includes group Product, and a later row of the event with the same name overrides the cells it fills.</li>
<li>In <i>Importer Settings</i> fill in the Tracking Plan ID (<code>rs_…</code> for the Config API with its Workspace Slug, <code>tp_…</code> for the Public API) and your token
— better through <b>Store token privately…</b>, which keeps it out of the sheet. <b>Choose a plan…</b> lists the workspace's plans and writes the one you pick;
<b>Test connection</b> reads the plan to show the token works (it changes nothing); with no plan id and a Tracking Plan Name, <b>Send to Segment</b> offers to create the plan.</li>
<li><b>A plan per platform:</b> a <i>Sources</i> column (comma-separated; blank means every source) scopes an event row or a property row, and <i>Importer Settings</i> rows <code>Plan for Web</code>, <code>Plan for iOS</code>, … name each source's plan (its <code>rs_…</code>/<code>tp_…</code> id or URL). Send, Compare, Import and Restore then work on every plan at once.</li>
<li><b>Open sidebar</b> keeps a panel beside the sheet: the plan at a glance, its problems grouped by event (each a link to its cell), and buttons for the commands below; it follows your edits by itself.</li>
<li>As you type in <i>Tracking Plan</i>, the rows you edit are checked and marked as Validate plan would mark them (set <i>Live Validation</i> to Off in <i>Importer Settings</i> to stop it); plan-wide checks far from your edit wait for Validate plan.</li>
<li><b>Validate plan</b> marks every problem on its cell. <b>Preview rules JSON</b> shows what would be sent. <b>Compare with Segment</b> lists what would change.
<b>Check an event…</b> checks a payload from Segment's debugger (or your code) against the sheet, each violation linked to its row;
what the plan lacks is listed with how many calls carried it, and <b>Add to plan</b> appends rows for it, typed from the pasted calls.</li>
<li><b>Send to Segment</b> validates, shows what changes, asks, backs up Segment's plan, uploads, and reads it back. A plan with errors is never sent.
<b>Restore a backup…</b> puts an earlier version back, then offers to write it into <i>Tracking Plan</i> too; say No and the next Send warns that it undoes the restore.
Each Send, Restore and Take adds a row to the <i>Changelog</i> sheet: when, who, which plan, what changed, the backup it replaced, and whether it was sent.</li>
<li><b>Take edits from Segment…</b> lists what changed in Segment since your last sync, what changed in the sheet, and what changed in both (side by side, a side to pick for each);
taking rewrites those events' rows in place (your Owner, Notes and Sources cells kept), and the next Send lists only the sheet's own changes.</li>
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

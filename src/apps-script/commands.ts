/** What each Segment menu item does. Sheets, dialogs and the network are reached through the adapter modules. */
import { SETTINGS_SHEET } from '../plan/columns';
import { planSummary, TrackingPlan } from '../plan/model';
import { parseTrackingPlan } from '../plan/parse-plan';
import { Problem, hasErrors } from '../plan/problems';
import { parseImporterSettings, SettingsResult } from '../plan/settings';
import { buildConfigUpdateBody } from '../segment/config-api';
import { buildPublicRules } from '../segment/public-api';
import { SegmentApiError, redact } from '../segment/errors';
import { RetryOptions } from '../segment/retry';
import { chooseApi, resolveTarget, UploadTarget } from '../segment/target';
import { uploadPlan, UploadReport } from '../segment/upload';
import { escapeHtml } from './html';
import {
  clearSettingsCell,
  createMissingSheets,
  markProblems,
  readSettingsSheet,
  readTrackingPlanSheet,
  selectCell,
  toast,
} from './spreadsheet';
import { forgetToken, storedToken, storeToken } from './token-store';
import { alert, confirm, prompt, showDialog } from './ui';
import { urlFetchClient } from './url-fetch-client';

const TITLE = 'Segment';
/** Apps Script ends an execution at 6 minutes; leave room for the dialogs after the upload. */
const EXECUTION_BUDGET_MS = 5.5 * 60 * 1000;
/** The problems dialog lists this many; the cells carry every one as a note. */
const LISTED_PROBLEMS = 300;
const PREVIEW_CHARS = 200_000;

/** Every token seen in this execution, so no message can show one. */
const secrets: string[] = [];

interface CheckedSheets {
  plan: TrackingPlan;
  settings: SettingsResult;
  problems: Problem[];
}

/**
 * Reads both sheets (one getValues() each), validates, and marks the problems on the cells.
 * Returns null, after telling the analyst, when the plan cannot be used.
 */
function checkSheets(action: 'send' | 'validate' | 'preview'): CheckedSheets | null {
  const planSheet = readTrackingPlanSheet();
  if (!planSheet) {
    alert(TITLE, 'This spreadsheet has no sheet named "Tracking Plan". Use Segment > Set up sheets to create it.');
    return null;
  }
  const settingsSheet = readSettingsSheet();
  const settings = parseImporterSettings(settingsSheet?.values ?? [], settingsSheet?.name ?? SETTINGS_SHEET);
  secrets.push(settings.settings.token);
  const api = chooseApi(settings.settings);
  const parsed = parseTrackingPlan(planSheet.values, { sheet: planSheet.name, api });
  markProblems(planSheet.name, parsed.problems);
  if (settingsSheet) markProblems(settingsSheet.name, settings.problems);
  const problems = [...parsed.problems, ...settings.problems];
  if (hasErrors(problems)) {
    showProblems(problems, action === 'validate' ? 'The plan has errors.' : 'The plan has errors, so nothing was sent.');
    return null;
  }
  return { plan: parsed.plan, settings, problems };
}

function showProblems(problems: readonly Problem[], headline: string): void {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const rows = problems
    .slice(0, LISTED_PROBLEMS)
    .map(
      (p) =>
        `<tr><td class="cell">${escapeHtml(p.cell ? `${p.sheet}!${p.cell}` : p.sheet)}</td>` +
        `<td class="${p.severity}">${p.severity}</td><td>${escapeHtml(p.message)}</td></tr>`,
    )
    .join('');
  const more = problems.length > LISTED_PROBLEMS ? `<p>… and ${problems.length - LISTED_PROBLEMS} more, each noted on its cell.</p>` : '';
  showDialog(
    'Segment: problems in the plan',
    `<p><b>${escapeHtml(headline)}</b> ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}. ` +
      `The cells are highlighted and carry a note.</p><table><tr><th>Cell</th><th></th><th>Problem</th></tr>${rows}</table>${more}`,
    760,
    480,
  );
}

function describeContents(plan: TrackingPlan): string {
  const { properties } = planSummary(plan);
  const named = plan.events.filter((e) => e.name).length;
  const others = plan.events.filter((e) => !e.name).map((e) => e.type);
  const extra = others.length > 0 ? ` plus ${others.join(', ')} rules` : '';
  return `${named} event${named === 1 ? '' : 's'} and ${properties} propert${properties === 1 ? 'y' : 'ies'}${extra}`;
}

function retryOptions(): RetryOptions {
  return {
    sleep: (ms) => {
      Utilities.sleep(ms);
      return Promise.resolve();
    },
    now: () => Date.now(),
    onRetry: ({ waitMs, reason }) => toast(`Segment did not answer (${reason}); trying again in ${Math.ceil(waitMs / 1000)} s…`),
  };
}

function uploadTarget(settings: SettingsResult): UploadTarget | null {
  const privateToken = storedToken();
  secrets.push(privateToken);
  const result = resolveTarget(settings.settings, privateToken);
  if (!result.ok) {
    alert(`${TITLE}: settings needed`, `Nothing was sent.\n\n${result.messages.join('\n\n')}`);
    return null;
  }
  return result.target;
}

/** Runs a menu command; an unexpected failure is shown (without any token) rather than lost. */
async function guarded(name: string, command: () => Promise<void> | void): Promise<void> {
  try {
    await command();
  } catch (e) {
    const message = redact(e instanceof Error ? e.message : String(e), secrets);
    console.error(`${name} failed: ${message}`);
    alert(TITLE, `${name} stopped: ${message}`);
  }
}

export function sendToSegment(): Promise<void> {
  const started = Date.now();
  return guarded('Send to Segment', async () => {
    const lock = LockService.getDocumentLock();
    if (!lock || !lock.tryLock(500)) {
      alert(TITLE, 'An upload is already running for this spreadsheet. Wait for it to finish, then try again.');
      return;
    }
    try {
      await send(started + EXECUTION_BUDGET_MS);
    } finally {
      lock.releaseLock();
    }
  });
}

function describeTarget(target: UploadTarget): string {
  if (target.api === 'config') return `tracking plan ${target.config.trackingPlanId} in workspace "${target.config.workspaceSlug}"`;
  const id = target.public.trackingPlanId;
  return `tracking plan ${id}${id.startsWith('rs_') ? ' (through the Public API)' : ''}${target.workspaceSlug ? ` in workspace "${target.workspaceSlug}"` : ''}`;
}

async function send(deadline: number): Promise<void> {
  const checked = checkSheets('send');
  if (!checked) return;
  const target = uploadTarget(checked.settings);
  if (!target) return;
  const rename = target.displayName ? `\n\nThe plan will be renamed "${target.displayName}".` : '';
  const question =
    `Replace ${describeTarget(target)} with ${describeContents(checked.plan)} from this sheet?` +
    `\n\nThis overwrites the whole plan in Segment, including edits made in the Segment app since the last upload.${rename}`;
  if (!confirm('Send to Segment?', question)) {
    toast('Nothing was sent.');
    return;
  }
  toast(`Sending ${describeContents(checked.plan)} to Segment…`, TITLE, 30);
  let report: UploadReport;
  try {
    report = await uploadPlan(urlFetchClient, target, checked.plan, retryOptions(), { deadline });
  } catch (e) {
    if (!(e instanceof SegmentApiError)) throw e;
    alert(`${TITLE}: upload failed`, redact(e.message, secrets));
    return;
  }
  showUploadReport(report);
}

function showUploadReport(report: UploadReport): void {
  const others = report.otherRules.length > 0 ? ` and the ${report.otherRules.join(', ')} rules` : '';
  const where = `tracking plan <b>${escapeHtml(report.planId)}</b>${report.workspaceSlug ? ` in workspace <b>${escapeHtml(report.workspaceSlug)}</b>` : ''}`;
  const link = report.appUrl ? `<p><a href="${escapeHtml(report.appUrl)}">Open the plan in Segment</a></p>` : '';
  const held =
    report.api === 'config'
      ? `${report.remoteCount} event${report.remoteCount === 1 ? '' : 's'}`
      : `${report.remoteCount} rule${report.remoteCount === 1 ? '' : 's'}`;
  if (report.stoppedEarly) {
    const { batchesDone, batchesTotal } = report.stoppedEarly;
    showDialog(
      'Segment: upload not finished',
      `<p class="warning">Stopped after ${batchesDone} of ${batchesTotal} batches to stay inside Apps Script's 6-minute limit.</p>` +
        `<p>Every rule of ${where} is either as it was or as in the sheet; none was lost. <b>Run Send to Segment again</b> to finish.</p>${link}`,
      520,
      240,
    );
    return;
  }
  const listed = report.differences
    .slice(0, 20)
    .map((d) => `<li>${escapeHtml(d)}</li>`)
    .join('');
  const check =
    report.differences.length > 0
      ? `<p class="error">Segment's copy differs from the sheet in ${report.differences.length} place${report.differences.length === 1 ? '' : 's'}:</p><ul>${listed}</ul>${report.differences.length > 20 ? '<p>…</p>' : ''}<p>Send again, or check the plan in Segment.</p>`
      : `<p>Read back: Segment now holds ${held} in this plan, matching the sheet.</p>`;
  const verb = report.unchanged ? 'Segment already matched the sheet: nothing needed changing for' : 'Uploaded';
  showDialog(
    'Sent to Segment',
    `<p>${verb} ${report.events} event${report.events === 1 ? '' : 's'} (${report.properties} properties)${others} ${report.unchanged ? 'in' : 'to'} ${where}` +
      `${report.api === 'public' ? ` (${report.requests} request${report.requests === 1 ? '' : 's'})` : ''}.</p>${check}${link}`,
    520,
    260,
  );
}

export function validatePlan(): Promise<void> {
  return guarded('Validate plan', () => {
    const checked = checkSheets('validate');
    if (!checked) return;
    const warnings = checked.problems.length;
    if (warnings > 0) {
      showProblems(checked.problems, `The plan is valid (${describeContents(checked.plan)}); nothing was sent.`);
    } else {
      alert(TITLE, `The plan is valid: ${describeContents(checked.plan)}, no problems. Nothing was sent.`);
    }
  });
}

export function previewRules(): Promise<void> {
  return guarded('Preview rules JSON', () => {
    const checked = checkSheets('preview');
    if (!checked) return;
    const { settings } = checked.settings;
    const publicApi = chooseApi(settings) === 'public';
    const body = publicApi ? { rules: buildPublicRules(checked.plan) } : buildConfigUpdateBody(checked.plan, settings.trackingPlanName);
    const json = JSON.stringify(body, null, 2);
    const cut =
      json.length > PREVIEW_CHARS
        ? `<p>Showing the first ${PREVIEW_CHARS.toLocaleString('en-US')} of ${json.length.toLocaleString('en-US')} characters.</p>`
        : '';
    const how = publicApi
      ? `Public API: PUT (or PATCH and DELETE in batches of 200) …/tracking-plans/${escapeHtml(settings.trackingPlanId || '{plan id}')}/rules`
      : `Config API: PUT …/tracking-plans/${escapeHtml(settings.trackingPlanId || '{plan id}')}`;
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
    alert(
      TITLE,
      created.length > 0
        ? `Created ${created.join(' and ')}. Fill in the plan, put your settings in Importer Settings, then use Segment > Send to Segment.`
        : 'Both sheets (Tracking Plan and Importer Settings) are already here; nothing was changed.',
    );
  });
}

export function storeTokenPrivately(): Promise<void> {
  return guarded('Store token privately', () => {
    const answer = prompt(
      'Store token privately',
      'Paste your Segment token. It is kept in your own user properties, where other editors of this spreadsheet cannot read it, ' +
        'and it is used instead of the Personal Access Token cell. Leave empty and press OK to remove a stored token.',
    );
    if (answer === null) return;
    const token = answer.trim();
    if (!token) {
      const had = storedToken() !== '';
      forgetToken();
      alert(TITLE, had ? 'Your stored token was removed.' : 'No token was stored; nothing changed.');
      return;
    }
    secrets.push(token);
    storeToken(token);
    const settingsSheet = readSettingsSheet();
    const settings = settingsSheet ? parseImporterSettings(settingsSheet.values, settingsSheet.name) : null;
    const at = settings?.cells.token;
    if (settingsSheet && at && settings?.settings.token) {
      clearSettingsCell(at.row, at.column);
      alert(
        TITLE,
        `Token stored privately for you. Cell ${at.cell} of ${settingsSheet.name} was cleared so other editors cannot read the token.`,
      );
    } else {
      alert(TITLE, 'Token stored privately for you. It is used instead of the Personal Access Token cell.');
    }
  });
}

export function showHelp(): void {
  showDialog(
    'Segment tracking plan: help',
    `<ol>
<li><b>Set up sheets</b> creates <i>Tracking Plan</i> and <i>Importer Settings</i> if they are missing.</li>
<li>Write one row per event (Event Name, Event Description) and one row per property under it (Property Name, Type, Required, …).
Nest with dots (<code>address.city</code>); describe array items with <code>.$</code> (<code>products.$.sku</code>).
Rows with Event Type <i>identify</i>, <i>group</i> or <i>common</i> hold traits and common rules.</li>
<li>In <i>Importer Settings</i> fill in Workspace Slug and Tracking Plan ID (the <code>rs_…</code> id in the plan's URL), and your token
— better through <b>Store token privately…</b>, which keeps it out of the sheet.</li>
<li><b>Validate plan</b> marks every problem on its cell. <b>Preview rules JSON</b> shows what would be sent.</li>
<li><b>Send to Segment</b> validates, asks before overwriting, uploads, and links to the plan in Segment. A plan with errors is never sent.</li>
</ol>`,
    620,
    420,
  );
}

/** Called from the problems dialog: jumps to a cell. */
export function goToCell(sheet: string, a1: string): void {
  selectCell(sheet, a1);
}

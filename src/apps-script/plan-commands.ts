/**
 * Plans without copying ids from Segment's app: Choose a plan… (the workspace's plans, the chosen id written into
 * Importer Settings), Test connection (a read of the plan, nothing changed), and, for Send, creating the plan a
 * Tracking Plan Name names when there is no id yet.
 */
import { SETTINGS_SHEET } from '../plan/columns';
import { planApi } from '../segment/plan-api';
import { createPlan, directoryApi, listPlans, testConnection, workspaceTarget } from '../segment/plan-directory';
import type { UploadTarget } from '../segment/target';
import {
  apiFailure,
  baseUrlRefusal,
  guarded,
  keepSecret,
  readSettings,
  ReadSettings,
  retryOptions,
  testApiBaseUrl,
  TITLE,
  uploadTarget,
} from './context';
import { toast, writePlanFor, writeSetting } from './spreadsheet';
import { storedToken } from './token-store';
import { alert, confirm, showPage } from './ui';
import { urlFetchClient } from './url-fetch-client';

/** The workspace's API target (no plan id needed), or null after saying which settings to fix. */
function workspaceTargetOf(settings: ReadSettings, doing: string, api = directoryApi(settings.settings)): UploadTarget | null {
  const privateToken = storedToken();
  keepSecret(privateToken);
  const refusal = baseUrlRefusal(settings, privateToken);
  const test = testApiBaseUrl();
  const apiBaseUrl = test ? planApi(api).baseUrlOn(test) : settings.settings.apiBaseUrl;
  const label = api === 'public' ? 'Public API' : 'Config API';
  const at = workspaceTarget({ ...settings.settings, apiBaseUrl, api: label }, privateToken);
  const missing =
    'missing' in at
      ? at.missing.map((m) =>
          m === 'Personal Access Token' || m === 'Workspace Slug'
            ? `Importer Settings has no ${m}. Put the label "${m}" in column A and its value in column B${m === 'Personal Access Token' ? ', or use Segment > Store token privately…' : ''}.`
            : m,
        )
      : [];
  const problems = [...(refusal ? [refusal] : []), ...missing];
  if (problems.length > 0 || !('target' in at)) {
    alert(`${TITLE}: settings needed`, `${doing}\n\n${problems.join('\n\n')}`);
    return null;
  }
  return at.target;
}

/** Segment > Choose a plan…: the plans the token sees, to pick one from. */
export function showPlanChooser(): Promise<void> {
  return guarded('Choose a plan', async () => {
    const settings = readSettings();
    const target = workspaceTargetOf(settings, 'Nothing was listed.');
    if (!target) return;
    try {
      toast('Reading the plans from Segment…');
      const plans = await listPlans(urlFetchClient, target, retryOptions());
      // Which plan each source's `Plan for` row names, so the dialog can mark them and offer the sources.
      const sources = settings.settings.plans.map((p) => ({ source: p.source, id: p.planId }));
      const data = { api: planApi(target.api).label, current: settings.settings.trackingPlanId, plans, sources };
      showPage('plans', 'Segment: choose a plan', data, 720, 460);
    } catch (e) {
      apiFailure(e, 'could not list the plans');
    }
  });
}

/**
 * Called by the dialog (google.script.run): the chosen id into Importer Settings, one write: into `Plan for
 * <source>` when a source is named, else into Tracking Plan ID.
 */
export function choosePlan(id: string, source?: string): string {
  if (typeof id !== 'string' || !/^(rs|tp)_[A-Za-z0-9_-]+$/.test(id))
    return `"${String(id)}" is not a tracking plan id (rs_… or tp_…); nothing was written.`;
  const name = typeof source === 'string' ? source.trim().replace(/\s+/g, ' ') : '';
  if (name) {
    // One source, as a Sources cell names it: a list or a formula-looking name would make a row Validate refuses.
    if (/[,\n]/.test(name) || /^[=+\-@]/.test(name) || name.length > 100)
      return `"${name}" is not one source name (no commas); nothing was written.`;
    const written = writePlanFor(name, id);
    return `Plan for ${written.source} is now ${id} (${SETTINGS_SHEET}!${written.cell}).`;
  }
  const cell = writeSetting('trackingPlanId', id);
  return `Tracking Plan ID is now ${id} (${SETTINGS_SHEET}!${cell}).`;
}

/** Segment > Test connection: whether the token reads this plan, and what could not be tested; nothing changed. */
export function testSegmentConnection(): Promise<void> {
  return guarded('Test connection', async () => {
    const target = uploadTarget(readSettings(), 'Nothing was tested.');
    if (!target) return;
    try {
      const lines = await testConnection(urlFetchClient, target, retryOptions());
      alert(`${TITLE}: test connection`, lines.join('\n\n'));
    } catch (e) {
      apiFailure(e, 'test connection failed');
    }
  });
}

/**
 * Before Send: with no Tracking Plan ID and a Tracking Plan Name, offers to create the plan (Public API) and records
 * its id. Answers the settings to send with (read again after a create), or null when nothing is to be sent.
 */
export async function settingsToSendWith(settings: ReadSettings): Promise<ReadSettings | null> {
  const { trackingPlanId, trackingPlanName } = settings.settings;
  const name = trackingPlanName.trim();
  if (trackingPlanId || !name || directoryApi(settings.settings) !== 'public') return settings;
  const target = workspaceTargetOf(settings, 'Nothing was created or sent.', 'public');
  if (!target) return null;
  const question = `Importer Settings has no Tracking Plan ID. Create a new tracking plan "${name}" in Segment (Public API), write its id into Importer Settings, and send this sheet to it?`;
  if (!confirm(`${TITLE}: create the plan?`, question)) return null;
  try {
    const plan = await createPlan(urlFetchClient, target, name, retryOptions());
    const cell = writeSetting('trackingPlanId', plan.id);
    toast(`Created tracking plan "${plan.name}" (${plan.id}); its id is in ${SETTINGS_SHEET}!${cell}.`);
  } catch (e) {
    apiFailure(e, 'could not create the plan');
    return null;
  }
  return readSettings();
}

import type { ImporterSettings } from '../plan/settings';
import type { ConfigApiTarget } from './config-api';

export type ApiKind = 'config' | 'public';

export type UploadTarget = { api: 'config'; config: ConfigApiTarget; displayName: string };

export type TargetResult = { ok: true; target: UploadTarget } | { ok: false; messages: string[] };

/** Which API the plan goes to: a `tp_` id is the Public API's, anything else the Config API's. */
export function chooseApi(settings: Pick<ImporterSettings, 'trackingPlanId' | 'api'>): ApiKind {
  const api = settings.api.trim().toLowerCase();
  if (api.startsWith('public')) return 'public';
  if (api.startsWith('config')) return 'config';
  return settings.trackingPlanId.startsWith('tp_') ? 'public' : 'config';
}

/**
 * The upload target the settings describe, or messages naming each Importer Settings label to fix.
 * A token stored privately wins over the token cell.
 */
export function resolveTarget(settings: ImporterSettings, privateToken = ''): TargetResult {
  const token = privateToken || settings.token;
  const missing: string[] = [];
  if (!token) missing.push('Personal Access Token');
  if (!settings.trackingPlanId) missing.push('Tracking Plan ID');
  const api = chooseApi(settings);
  if (api === 'config' && !settings.workspaceSlug) missing.push('Workspace Slug');
  const messages = missing.map(
    (label) =>
      `Importer Settings has no ${label}. Put the label "${label}" in column A and its value in column B` +
      (label === 'Personal Access Token' ? ', or use Segment > Store token privately….' : '.'),
  );
  const id = settings.trackingPlanId;
  if (id && api === 'public') {
    messages.push(
      `Tracking Plan ID "${id}" belongs to Segment's Public API, which this version of the add-on cannot upload to yet. Use the plan's rs_ id (Config API).`,
    );
  } else if (id && !id.startsWith('rs_')) {
    messages.push(
      `Tracking Plan ID "${id}" does not look like a Segment plan id: it should start with rs_ (find it in the plan's URL in Segment).`,
    );
  }
  if (messages.length > 0) return { ok: false, messages };
  return {
    ok: true,
    target: {
      api: 'config',
      config: { baseUrl: settings.apiBaseUrl || undefined, token, workspaceSlug: settings.workspaceSlug, trackingPlanId: id },
      displayName: settings.trackingPlanName,
    },
  };
}

import type { ImporterSettings } from '../plan/settings';
import type { ConfigApiTarget } from './config-api';
import { PUBLIC_API_BASE_URL, PUBLIC_API_EU_BASE_URL, PublicApiTarget } from './public-api';

export type ApiKind = 'config' | 'public';

export type UploadTarget =
  | { api: 'config'; config: ConfigApiTarget; displayName: string }
  | { api: 'public'; public: PublicApiTarget; displayName: string; workspaceSlug: string };

/** The settings an upload cannot do without, by their Importer Settings labels. */
export type RequiredSetting = 'Personal Access Token' | 'Tracking Plan ID' | 'Workspace Slug';

/** Either a target, or what is missing (for the caller to phrase: a sheet label, a CLI flag) and what is wrong. */
export type TargetResult = { ok: true; target: UploadTarget } | { ok: false; missing: RequiredSetting[]; messages: string[] };

/**
 * Which API the plan goes to: the API setting when given, else a `tp_` id means the Public API and
 * anything else the Config API.
 */
export function chooseApi(settings: Pick<ImporterSettings, 'trackingPlanId' | 'api'>): ApiKind {
  const api = settings.api.trim().toLowerCase();
  if (api.startsWith('public')) return 'public';
  if (api.startsWith('config')) return 'config';
  return settings.trackingPlanId.startsWith('tp_') ? 'public' : 'config';
}

/** Problems with the API and Region settings themselves. */
export function apiSettingProblems(settings: Pick<ImporterSettings, 'api' | 'region' | 'trackingPlanId'>): string[] {
  const out: string[] = [];
  const api = settings.api.trim().toLowerCase();
  if (api && !api.startsWith('public') && !api.startsWith('config'))
    out.push(`API "${settings.api}" is not one of Config API, Public API. Leave it blank to choose by the plan id.`);
  const region = settings.region.trim().toLowerCase();
  if (region && !['eu', 'eu1', 'us', 'us1'].includes(region))
    out.push(`Region "${settings.region}" is not EU or US. Leave it blank for US workspaces.`);
  if (api.startsWith('config') && settings.trackingPlanId.startsWith('tp_')) {
    out.push(
      `Tracking Plan ID "${settings.trackingPlanId}" is a Public API id, but API says Config API. Use the plan's rs_ id, or set API to Public API.`,
    );
  }
  return out;
}

/**
 * The upload target the settings describe, or what to fix.
 * A token stored privately wins over the token cell.
 */
export function resolveTarget(settings: ImporterSettings, privateToken = ''): TargetResult {
  const token = privateToken || settings.token;
  const api = chooseApi(settings);
  const missing: RequiredSetting[] = [];
  if (!token) missing.push('Personal Access Token');
  if (!settings.trackingPlanId) missing.push('Tracking Plan ID');
  if (api === 'config' && !settings.workspaceSlug) missing.push('Workspace Slug');
  const messages = apiSettingProblems(settings);
  const id = settings.trackingPlanId;
  if (id && !/^(rs|tp)_/.test(id)) {
    messages.push(
      `Tracking Plan ID "${id}" does not look like a Segment plan id: it starts with rs_ or tp_ (find it in the plan's URL in Segment).`,
    );
  }
  if (missing.length > 0 || messages.length > 0) return { ok: false, missing, messages };
  if (api === 'public') {
    const eu = /^eu/i.test(settings.region.trim());
    return {
      ok: true,
      target: {
        api: 'public',
        public: { baseUrl: settings.apiBaseUrl || (eu ? PUBLIC_API_EU_BASE_URL : PUBLIC_API_BASE_URL), token, trackingPlanId: id },
        displayName: settings.trackingPlanName,
        workspaceSlug: settings.workspaceSlug,
      },
    };
  }
  return {
    ok: true,
    target: {
      api: 'config',
      config: { baseUrl: settings.apiBaseUrl || undefined, token, workspaceSlug: settings.workspaceSlug, trackingPlanId: id },
      displayName: settings.trackingPlanName,
    },
  };
}

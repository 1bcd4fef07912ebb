import type { TrackingPlan } from '../plan/model';
import type { Problem } from '../plan/problems';
import type { ImporterSettings } from '../plan/settings';
import { planForSources, planTargets } from '../plan/sources';
import type { PlanCells } from './plan-api-types';
import { planApi } from './plan-api';
import type { ApiKind, UploadTarget } from './plan-api-types';
import { quoted, uniqueProblems } from '../plan/problems';

export type { ApiKind, UploadTarget } from './plan-api-types';

/** The only addresses a token is sent to without being asked: Segment's own API hosts. */
export const SEGMENT_API_HOSTS: readonly string[] = ['platform.segmentapis.com', 'api.segmentapis.com', 'eu1.api.segmentapis.com'];

/** The scheme and host of an http(s) URL (no URL class: Apps Script has none), or null when it is not one. */
export function urlHost(url: string): { scheme: 'http' | 'https'; host: string; port: string } | null {
  const [, scheme = '', authority = '@'] = /^(https?):\/\/([^/?#]*)/i.exec(url.trim()) ?? [];
  if (authority.includes('@')) return null;
  const [, host = '', port = ''] = /^(\[[0-9a-f:.]+\]|[^:]*)(?::(\d*))?$/.exec(authority.toLowerCase()) ?? [];
  if (!host) return null;
  return { scheme: scheme.toLowerCase() as 'http' | 'https', host, port };
}

/** An https address on one of Segment's API hosts (default port). */
export function isSegmentApiUrl(url: string): boolean {
  const at = urlHost(url);
  return !!at && at.scheme === 'https' && (at.port === '' || at.port === '443') && SEGMENT_API_HOSTS.includes(at.host);
}

/** An address on this machine (the local emulator), where plain http carries nothing off the machine. */
export function isLoopbackUrl(url: string): boolean {
  const host = urlHost(url)?.host ?? '';
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Why a token cannot be sent, or null. A line break or tab (a bad paste) or a character beyond Latin-1 cannot
 * go in an HTTP header: the transport would throw, quoting the header, token and all.
 */
export function tokenProblem(token: string): string | null {
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code < 0x21 || code === 0x7f || code > 0xff) {
      const what =
        code === 10 || code === 13
          ? 'a line break'
          : code === 9
            ? 'a tab'
            : code === 32
              ? 'a space'
              : code > 0xff
                ? 'a character a token cannot hold'
                : 'a control character';
      return `The Personal Access Token has ${what} at character ${i + 1} of ${token.length}, so it cannot be sent. Copy the token from Segment again and paste it on its own.`;
    }
  }
  return null;
}

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

/** What each plan's API refuses in the part of the plan it gets (page rows for a Config API plan), each said once. */
export function apiPlanProblems(plan: TrackingPlan, settings: ImporterSettings, cells: PlanCells): Problem[] {
  return uniqueProblems(
    planTargets(settings).flatMap((target) =>
      planApi(chooseApi(target.settings)).planProblems(planForSources(plan, target.sources), cells),
    ),
  );
}

/** Problems with the API and Region settings themselves. */
function apiSettingProblems(settings: Pick<ImporterSettings, 'api' | 'region' | 'trackingPlanId'>): string[] {
  const out: string[] = [];
  const api = settings.api.trim().toLowerCase();
  if (api && !api.startsWith('public') && !api.startsWith('config'))
    out.push(`API ${quoted(settings.api)} is not one of Config API, Public API. Leave it blank to choose by the plan id.`);
  const region = settings.region.trim().toLowerCase();
  if (region && !['eu', 'eu1', 'us', 'us1'].includes(region))
    out.push(`Region ${quoted(settings.region)} is not EU or US. Leave it blank for US workspaces.`);
  if (api.startsWith('config') && settings.trackingPlanId.startsWith('tp_')) {
    out.push(
      `Tracking Plan ID ${quoted(settings.trackingPlanId)} is a Public API id, but API says Config API. Use the plan's rs_ id, or set API to Public API.`,
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
  if (planApi(api).needsWorkspace && !settings.workspaceSlug) missing.push('Workspace Slug');
  const messages = apiSettingProblems(settings);
  const badToken = token ? tokenProblem(token) : null;
  if (badToken) messages.push(badToken);
  const id = settings.trackingPlanId;
  if (id && !/^(rs|tp)_/.test(id)) {
    messages.push(
      `Tracking Plan ID ${quoted(id)} does not look like a Segment plan id: it starts with rs_ or tp_ (find it in the plan's URL in Segment).`,
    );
  }
  if (missing.length > 0 || messages.length > 0) return { ok: false, missing, messages };
  const target = planApi(api).target({
    baseUrl: settings.apiBaseUrl,
    token,
    trackingPlanId: id,
    workspaceSlug: settings.workspaceSlug,
    displayName: settings.trackingPlanName,
    eu: /^eu/i.test(settings.region.trim()),
  });
  return { ok: true, target };
}

/**
 * `plans [file]`: the token's tracking plans (name, id, rules, last update), so no id is copied from Segment's app;
 * and `push --create --name "…"`, which makes the plan (Public API) before pushing to it.
 */
import { hasErrors } from '../plan/problems';
import type { ImporterSettings } from '../plan/settings';
import { createPlan, ListedPlan, listPlans, workspaceTarget } from '../segment/plan-directory';
import { apiErrorExit, CliIo, EXIT, flag, loadPlan, nodeRetry, ParsedArgs, settingFlags, singleFile, UsageError } from './context';
import { fetchClient } from './fetch-client';
import { mergeSettings, trustedBaseUrl } from './remote';

/** What `plans` and `push --create` need: a token (and, for the Config API, a workspace), or why they cannot go. */
function workspace(merged: ImporterSettings, io: CliIo): ReturnType<typeof workspaceTarget> & object {
  const at = workspaceTarget(merged, '');
  if ('missing' in at) {
    const flags: Record<string, string> = { 'Personal Access Token': '--token or SEGMENT_TOKEN', 'Workspace Slug': '--workspace' };
    io.stderr(
      `${at.missing.map((m) => `error: ${flags[m] ? `No ${m}: pass ${flags[m]} (or fill in ${m} in Importer Settings).` : m}`).join('\n')}\n`,
    );
  }
  return at;
}

export async function plansCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.positional.length > 1) throw new UsageError('plans takes at most one file (for its Importer Settings)');
  const file = args.positional[0];
  const fromFile = file ? await loadPlan(file, args, io.env) : null;
  const merged = fromFile?.merged ?? mergeSettings(null, settingFlags(args), io.env);
  trustedBaseUrl(fromFile?.settings?.settings.apiBaseUrl ?? '', flag(args, 'base-url'));
  const at = workspace(merged, io);
  if (!('target' in at)) return EXIT.usage;
  try {
    const plans = await listPlans(fetchClient(), at.target, nodeRetry(io));
    if (args.flags.json === true) io.stdout(`${JSON.stringify(plans, null, 2)}\n`);
    else io.stdout(plansText(plans, at.target.api === 'public' ? 'Public API' : 'Config API'));
    return EXIT.ok;
  } catch (e) {
    return apiErrorExit(e, io, merged);
  }
}

function plansText(plans: readonly ListedPlan[], api: string): string {
  if (plans.length === 0) return `No tracking plans (${api}). Create one with push --create --name "…".\n`;
  const lines = plans.map((p) => {
    const ids = p.resourceSchemaId ? `${p.id} (${p.resourceSchemaId})` : p.id;
    return `${ids}  "${p.name}"  ${p.rules} ${p.rules === 1 ? 'rule' : 'rules'}  updated ${p.updatedAt ?? 'never'}`;
  });
  return `${plans.length} tracking ${plans.length === 1 ? 'plan' : 'plans'} (${api}), the last updated first:\n${lines.map((l) => `  ${l}\n`).join('')}`;
}

/**
 * `push --create`: after the sheet is found valid, makes a plan named --name (or the workbook's Tracking Plan
 * Name) through the Public API and answers with the arguments that push to it; or an exit code.
 */
export async function createForPush(args: ParsedArgs, io: CliIo): Promise<ParsedArgs | number> {
  const { merged, problems, settings } = await loadPlan(singleFile(args), args, io.env);
  // A sheet with errors is reported by push itself, and no plan is made for it.
  if (hasErrors(problems)) return args;
  if (merged.trackingPlanId)
    throw new UsageError(
      `--create makes a new plan, but ${flag(args, 'plan') ? '--plan' : "the workbook's Tracking Plan ID"} names ${merged.trackingPlanId}`,
    );
  const name = merged.trackingPlanName.trim();
  if (!name) throw new UsageError('--create needs the new plan\'s name: --name "…" (or Tracking Plan Name in Importer Settings)');
  trustedBaseUrl(settings?.settings.apiBaseUrl ?? '', flag(args, 'base-url'));
  const at = workspace({ ...merged, api: 'Public API' }, io);
  if (!('target' in at)) return EXIT.usage;
  try {
    const plan = await createPlan(fetchClient(), at.target, name, nodeRetry(io));
    io.stdout(`Created tracking plan "${plan.name}" (${plan.id}) in Segment.\n`);
    return { ...args, flags: { ...args.flags, plan: plan.id, api: 'public' } };
  } catch (e) {
    return apiErrorExit(e, io, merged);
  }
}

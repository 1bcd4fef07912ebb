import { promises as fs } from 'fs';
import { hasErrors, formatProblem, Problem, sortProblems } from '../plan/problems';
import { parseTrackingPlan } from '../plan/parse-plan';
import { ImporterSettings, parseImporterSettings } from '../plan/settings';
import { ApiKind, chooseApi, UploadTarget } from '../segment/target';
import type { TrackingPlan } from '../plan/model';
import { isApiKind, planApi } from '../segment/plan-api';
import { planSummary } from '../plan/model';
import { PartialUploadError, SegmentApiError } from '../segment/errors';
import type { RetryOptions } from '../segment/retry';
import { startEmulator } from '../emulator/server';
import type { EmulatorSeed } from '../emulator/state';
import { fetchClient } from './fetch-client';
import {
  BackupNotWritten,
  describeReport,
  mergeSettings,
  pullPlan,
  RefusedSetting,
  safeMessage,
  SettingFlags,
  targetOrMessages,
  trustedBaseUrl,
  writeBackup,
  writePulled,
} from './remote';
import { diffLines, diffSummary } from '../segment/diff';
import { sheetRuleSet } from '../segment/remote-plan';
import { review, sendWithReview } from '../segment/send';
import { readWorkbook, UnreadableFileError, Workbook } from '../workbook/workbook';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  /** How to wait between retries and read the time; real timers when absent (tests pass their own). */
  sleep?(ms: number): Promise<void>;
  now?(): number;
}

const EXIT = { ok: 0, invalid: 1, usage: 2, api: 3 } as const;

const USAGE = `Usage: node dist/cli.js <command> [options]

Commands:
  validate <file> [--json]        List the problems in a tracking plan (.csv or .xlsx)
  build <file> [--name NAME] [--api config|public]
                                  Print the update body: Config API (rs_ plans), or the Public API rules
                                  (tp_ plans, or --api public)
  push <file> [settings flags] [--backup-dir DIR]
                                  Validate, compare with Segment, back up what is there (to DIR, default
                                  backups/), then upload the plan as the add-on does
  diff <file> [settings flags]    What push would change in Segment, without changing anything
  pull --out FILE [settings flags]
                                  Read a plan from Segment into our sheet layout (.xlsx or .csv)
  emulator [--port N] [--seed FILE]
                                  Run the local Segment API emulator until stopped

Settings flags (override the workbook's Importer Settings):
  --token TOKEN (or env SEGMENT_TOKEN)   --workspace SLUG   --plan ID   --name NAME   --base-url URL
  --api config|public (default: by the plan id, tp_ = Public API)   --region EU

Exit codes: 0 success, 1 the plan has errors, 2 bad usage or unreadable file, 3 Segment API error.
`;

class UsageError extends Error {}

interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | true>;
}

const VALUE_FLAGS = new Set(['name', 'token', 'workspace', 'plan', 'base-url', 'out', 'port', 'seed', 'api', 'region', 'backup-dir']);
const BOOLEAN_FLAGS = new Set(['json', 'help']);

function parseArgs(args: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h') {
      flags.help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (BOOLEAN_FLAGS.has(name)) flags[name] = true;
    else if (VALUE_FLAGS.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags[name] = value;
    } else throw new UsageError(`unknown option ${arg}`);
  }
  return { positional, flags };
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(USAGE);
      return command ? EXIT.ok : EXIT.usage;
    }
    const args = parseArgs(rest);
    if (args.flags.help) {
      io.stdout(USAGE);
      return EXIT.ok;
    }
    switch (command) {
      case 'validate':
        return await validateCommand(args, io);
      case 'build':
        return await buildCommand(args, io);
      case 'push':
        return await pushCommand(args, io);
      case 'pull':
        return await pullCommand(args, io);
      case 'diff':
        return await diffCommand(args, io);
      case 'emulator':
        return await emulatorCommand(args, io);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`error: ${e.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (e instanceof UnreadableFileError || e instanceof RefusedSetting) {
      io.stderr(`error: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

function singleFile(args: ParsedArgs): string {
  if (args.positional.length !== 1) throw new UsageError('expected exactly one file (.csv or .xlsx)');
  return args.positional[0];
}

interface LoadedPlan {
  merged: ImporterSettings;
  api: ApiKind;
  workbook: Workbook;
  result: ReturnType<typeof parseTrackingPlan>;
  settings: ReturnType<typeof parseImporterSettings> | null;
  problems: Problem[];
}

async function loadPlan(file: string, args: ParsedArgs, env: CliIo['env']): Promise<LoadedPlan> {
  const workbook = await readWorkbook(file);
  const settings = workbook.settings ? parseImporterSettings(workbook.settings) : null;
  const merged = mergeSettings(settings?.settings ?? null, settingFlags(args), env);
  const api = chooseApi(merged);
  const result = parseTrackingPlan(workbook.plan, { sheet: workbook.planSheet });
  const planProblems = planApi(api).planProblems(result.plan, { sheet: workbook.planSheet, columns: result.columns });
  return {
    workbook,
    result,
    settings,
    merged,
    api,
    problems: [...sortProblems([...result.problems, ...planProblems]), ...(settings?.problems ?? [])],
  };
}

function printProblems(problems: readonly Problem[], write: (text: string) => void): void {
  for (const p of problems) write(`${formatProblem(p)}\n`);
}

function tally(problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}

async function validateCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const { result, problems } = await loadPlan(singleFile(args), args, io.env);
  if (args.flags.json) {
    io.stdout(`${JSON.stringify({ problems }, null, 2)}\n`);
  } else {
    printProblems(problems, io.stdout);
    const { rules, properties } = planSummary(result.plan);
    io.stdout(`${tally(problems)}; ${rules} rule${rules === 1 ? '' : 's'}, ${properties} propert${properties === 1 ? 'y' : 'ies'}\n`);
  }
  return hasErrors(problems) ? EXIT.invalid : EXIT.ok;
}

async function buildCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const { result, merged, api, problems } = await loadPlan(singleFile(args), args, io.env);
  printProblems(problems, io.stderr);
  if (hasErrors(problems)) {
    io.stderr(`${tally(problems)}: nothing built.\n`);
    return EXIT.invalid;
  }
  const body = planApi(api).requestBody(result.plan, merged.trackingPlanName);
  io.stdout(`${JSON.stringify(body, null, 2)}\n`);
  return EXIT.ok;
}

function flag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  return typeof value === 'string' ? value : undefined;
}

function settingFlags(args: ParsedArgs): SettingFlags {
  const api = flag(args, 'api');
  if (api !== undefined && !isApiKind(api)) throw new UsageError('--api is config or public');
  return {
    token: flag(args, 'token'),
    workspace: flag(args, 'workspace'),
    plan: flag(args, 'plan'),
    name: flag(args, 'name'),
    baseUrl: flag(args, 'base-url'),
    api,
    region: flag(args, 'region'),
  };
}

function nodeRetry(io: CliIo): RetryOptions {
  return {
    sleep: io.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    now: io.now ?? (() => Date.now()),
    onRetry: ({ waitMs, reason }) => io.stderr(`Segment did not answer (${reason}); trying again in ${(waitMs / 1000).toFixed(1)} s\n`),
  };
}

/** Says why a call to Segment failed (without the token) and gives exit code 3; anything else is rethrown. */
function apiErrorExit(e: unknown, io: CliIo, settings: ImporterSettings): number {
  if (!(e instanceof SegmentApiError)) throw e;
  io.stderr(`error: ${safeMessage(e.message, settings)}\n`);
  return EXIT.api;
}

/** A valid plan and the target its settings name, or the exit code after saying what is wrong. */
async function planAndTarget(
  args: ParsedArgs,
  io: CliIo,
  nothing: string,
): Promise<{ plan: TrackingPlan; merged: ImporterSettings; target: UploadTarget } | number> {
  const { result, merged, problems, settings } = await loadPlan(singleFile(args), args, io.env);
  printProblems(problems, io.stderr);
  if (hasErrors(problems)) {
    io.stderr(`${tally(problems)}: ${nothing}\n`);
    return EXIT.invalid;
  }
  // Only commands that send check where the token would go; validate and build send nothing.
  trustedBaseUrl(settings?.settings.apiBaseUrl ?? '', flag(args, 'base-url'));
  const { target, messages } = targetOrMessages(merged);
  if (!target) {
    io.stderr(`${nothing}\n${messages.map((m) => `error: ${m}`).join('\n')}\n`);
    return EXIT.usage;
  }
  return { plan: result.plan, merged, target };
}

async function pushCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const prepared = await planAndTarget(args, io, 'Nothing was sent.');
  if (typeof prepared === 'number') return prepared;
  const { plan, merged, target } = prepared;
  const backupDir = flag(args, 'backup-dir') ?? 'backups';
  let backupFile = '';
  try {
    const outcome = await sendWithReview(fetchClient(), target, sheetRuleSet(plan, target.api), nodeRetry(io), {
      lastSync: () => null,
      confirm: (seen) => {
        if (seen.changedWhileAsked)
          io.stdout(`The plan changed in Segment meanwhile (${diffSummary(seen.changedWhileAsked)}); compared again.\n`);
        io.stdout(`Compared with Segment: ${diffSummary(seen.diff)}\n`);
        for (const removal of seen.diff.removals) io.stdout(`  removes ${removal}\n`);
        return true;
      },
      backup: async (remote) => {
        backupFile = await writeBackup(backupDir, remote, new Date());
        io.stdout(`Backed up Segment's plan to ${backupFile}\n`);
      },
      recordSync: () => undefined,
      now: () => new Date().toISOString(),
    });
    if (outcome.kind !== 'sent') {
      io.stdout(`Segment already matches the sheet: nothing was sent to ${outcome.review.remote.planId}.\n`);
      return EXIT.ok;
    }
    io.stdout(describeReport(outcome.report));
    return outcome.report.differences.length > 0 || outcome.report.stoppedEarly ? EXIT.api : EXIT.ok;
  } catch (e) {
    if (e instanceof BackupNotWritten) {
      io.stderr(`error: ${safeMessage(e.message, merged)}\n`);
      return EXIT.usage;
    }
    if (e instanceof PartialUploadError) {
      io.stderr(
        `error: ${safeMessage(e.message, merged)}\nThe plan as it was before this push is backed up in ${backupFile}. Run push again to finish.\n`,
      );
      return EXIT.api;
    }
    return apiErrorExit(e, io, merged);
  }
}

async function diffCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const prepared = await planAndTarget(args, io, 'Nothing was compared.');
  if (typeof prepared === 'number') return prepared;
  const { plan, merged, target } = prepared;
  try {
    const seen = await review(fetchClient(), target, sheetRuleSet(plan, target.api), nodeRetry(io), { lastSync: () => null });
    io.stdout(`${seen.remote.planId} ("${seen.remote.name}") compared with ${args.positional[0]}: ${diffSummary(seen.diff)}\n`);
    if (seen.rename) io.stdout(`Renamed: "${seen.remote.name}" → "${seen.rename}"\n`);
    for (const line of diffLines(seen.diff)) io.stdout(`${line}\n`);
    return EXIT.ok;
  } catch (e) {
    return apiErrorExit(e, io, merged);
  }
}

async function pullCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const out = flag(args, 'out');
  if (!out || !/\.(xlsx|csv)$/i.test(out)) throw new UsageError('pull needs --out FILE.xlsx or --out FILE.csv');
  if (args.positional.length > 0) throw new UsageError('pull takes no file argument; name the plan with --plan');
  const merged = mergeSettings(null, settingFlags(args), io.env);
  trustedBaseUrl('', flag(args, 'base-url'));
  const { target, messages } = targetOrMessages(merged);
  if (!target) {
    io.stderr(`${messages.map((m) => `error: ${m}`).join('\n')}\n`);
    return EXIT.usage;
  }
  try {
    const pulled = await pullPlan(fetchClient(), target, nodeRetry(io));
    await writePulled(out, pulled, merged);
    for (const member of pulled.notKept) io.stderr(`warning: not kept, a sheet cannot hold a JSON null: ${member}\n`);
    const events = pulled.rows.length - 1;
    io.stdout(`Wrote ${out}: plan ${pulled.planId} ("${pulled.displayName}"), ${events} rows.\n`);
    return EXIT.ok;
  } catch (e) {
    return apiErrorExit(e, io, merged);
  }
}

async function emulatorCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const port = Number(flag(args, 'port') ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
  let seed: EmulatorSeed = {};
  const seedFile = flag(args, 'seed');
  if (seedFile) {
    try {
      seed = JSON.parse(await fs.readFile(seedFile, 'utf8')) as EmulatorSeed;
    } catch (e) {
      throw new UnreadableFileError(`${seedFile}: ${(e as Error).message}`);
    }
  }
  const emulator = await startEmulator({ seed }, port);
  io.stdout(
    `Segment API emulator listening on ${emulator.baseUrl}\n  Config API: ${emulator.configBaseUrl}\n  Public API: ${emulator.baseUrl}\n`,
  );
  for (const plan of emulator.state.plans) io.stdout(`  plan ${plan.resourceSchemaId} / ${plan.id} in workspace ${plan.workspace}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
  return EXIT.ok;
}

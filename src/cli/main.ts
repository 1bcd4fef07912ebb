import { hasErrors, formatProblem, Problem } from '../plan/problems';
import { parseTrackingPlan } from '../plan/parse-plan';
import { parseImporterSettings } from '../plan/settings';
import { planSummary } from '../plan/model';
import { buildConfigUpdateBody } from '../segment/config-api';
import { readWorkbook, UnreadableFileError, Workbook } from './workbook';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
}

export const EXIT = { ok: 0, invalid: 1, usage: 2, api: 3 } as const;

const USAGE = `Usage: node dist/cli.js <command> [options]

Commands:
  validate <file> [--json]        List the problems in a tracking plan (.csv or .xlsx)
  build <file> [--name NAME]      Print the Config API update body for the plan

Exit codes: 0 no errors, 1 the plan has errors, 2 bad usage or unreadable file.
`;

class UsageError extends Error {}

interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | true>;
}

const VALUE_FLAGS = new Set(['name']);
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
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`error: ${e.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (e instanceof UnreadableFileError) {
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
  workbook: Workbook;
  result: ReturnType<typeof parseTrackingPlan>;
  settings: ReturnType<typeof parseImporterSettings> | null;
  problems: Problem[];
}

async function loadPlan(file: string): Promise<LoadedPlan> {
  const workbook = await readWorkbook(file);
  const result = parseTrackingPlan(workbook.plan, { sheet: workbook.planSheet });
  const settings = workbook.settings ? parseImporterSettings(workbook.settings) : null;
  return { workbook, result, settings, problems: [...result.problems, ...(settings?.problems ?? [])] };
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
  const { result, problems } = await loadPlan(singleFile(args));
  if (args.flags.json) {
    io.stdout(`${JSON.stringify({ problems }, null, 2)}\n`);
  } else {
    printProblems(problems, io.stdout);
    const { events, properties } = planSummary(result.plan);
    io.stdout(
      `${tally(problems)}; ${events} event${events === 1 ? '' : 's'} (rules), ${properties} propert${properties === 1 ? 'y' : 'ies'}\n`,
    );
  }
  return hasErrors(problems) ? EXIT.invalid : EXIT.ok;
}

async function buildCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const { result, settings, problems } = await loadPlan(singleFile(args));
  printProblems(problems, io.stderr);
  if (hasErrors(problems)) {
    io.stderr(`${tally(problems)}: nothing built.\n`);
    return EXIT.invalid;
  }
  const name = typeof args.flags.name === 'string' ? args.flags.name : settings?.settings.trackingPlanName;
  io.stdout(`${JSON.stringify(buildConfigUpdateBody(result.plan, name), null, 2)}\n`);
  return EXIT.ok;
}

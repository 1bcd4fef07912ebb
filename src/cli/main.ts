/** The command line: its usage text, argument parsing, and dispatch to one module per command. */
import { UnreadableFileError } from '../workbook/workbook';
import { CliIo, EXIT, ParsedArgs, UsageError } from './context';
import { RefusedSetting } from './remote';

export type { CliIo } from './context';

const USAGE = `Usage: node dist/cli.js <command> [options]

Commands:
  validate <file> [--format text|json|github|junit] [--out FILE]
                                  List the problems in a tracking plan (.csv or .xlsx): as text, as JSON
                                  (also --json), as GitHub Actions annotations (::error file=…), or as a JUnit
                                  XML report (a test case per event); --out FILE writes the report to FILE and
                                  the text to stdout
  build <file> [--name NAME] [--api config|public]
                                  Print the update body: Config API (rs_ plans), or the Public API rules
                                  (tp_ plans, or --api public)
  push <file> [settings flags] [--backup-dir DIR] [--changelog FILE] [--yes]
                                  Validate, compare with Segment, back up what is there (to DIR, default
                                  backups/), then upload the plan as the add-on does. What it would remove is
                                  asked for on a terminal; without one it needs --yes (so does an empty plan).
                                  --changelog FILE appends a Markdown row per plan sent (time, user, plan,
                                  what changed, the backup, the result) to FILE, e.g. CHANGELOG.md
  push <file> --create --name NAME [settings flags]
                                  Create a tracking plan named NAME (Public API), then push to it
  diff <file> [settings flags]    What push would change in Segment, without changing anything
  plans [file] [settings flags] [--json]
                                  List the token's tracking plans: id (and rs_ id), name, rules, last
                                  update (Public API; --api config --workspace SLUG for the Config API)
  pull --out FILE [settings flags]
                                  Read a plan from Segment into our sheet layout (.xlsx or .csv)
  pull --merge FILE [--take segment|sheet] [settings flags]
                                  Take the edits made in Segment since the last push or merge into FILE, in
                                  place (three ways: Segment, FILE, and the last sync kept in .segment-sync.json
                                  beside FILE); conflicts are listed and exit 1 unless --take settles them
  check <file> <calls|-> [--json] Check Segment calls (a JSON array, newline-delimited JSON, or one payload
                                  copied from the debugger; - reads standard input) against the plan's rules,
                                  as Segment would, reading them as a stream; exit 1 when any call violates or
                                  is unplanned, 2 when a line is unreadable or a rule cannot
                                  be compiled (its calls are unchecked)
  infer <calls|-> [--plan FILE] [--out rows.csv]
                                  Tracking Plan rows for the events and properties in the calls (types from
                                  every call, Required when every call has it, an example in each
                                  description to rewrite); with --plan, only what that plan lacks
  export <file> --typewriter DIR [--plan ID] [--name NAME]
                                  Write DIR/plan.json for typewriter (a typed analytics.js client without a
                                  Segment token), and typewriter.yml beside DIR when there is none; an
                                  event's oldest version only (typewriter's calls carry no event_version)
  emulator [--port N] [--seed FILE]
                                  Run the local Segment API emulator until stopped

Reading files: a .csv is UTF-8 or UTF-16, comma-, semicolon- or tab-separated; an .xlsx is read from its
Tracking Plan tab, else the first tab with a header row, or the tab --sheet NAME names. Property groups
(rows @Product) come from an .xlsx's Property Groups tab, or --groups FILE (a .csv) for every command
that reads a plan.

Several plans (Importer Settings' Plan for <Source> rows):
  --source NAME (repeatable)      the plan of that source: build, export and check need it when the workbook
                                  names several plans; diff and push without it cover every plan. Without
                                  Plan for rows, the plan restricted to that source's rows

Settings flags (override the workbook's Importer Settings):
  --token TOKEN (or env SEGMENT_TOKEN)   --workspace SLUG   --plan ID   --name NAME   --base-url URL
  --api config|public (default: by the plan id, tp_ = Public API)   --region EU

Checks (override the workbook's Importer Settings):
  --event-naming "Object Action"|object_action|objectAction|any   --property-naming snake_case|camelCase|any
  --descriptions required|optional

Your own columns (override the workbook's Importer Settings; a CSV has none):
  --notes-columns "Design Link, …"  kept, not read, not sent   --label-columns "Owner, …"  cells become labels

Exit codes: 0 success, 1 the plan has errors, 2 bad usage or unreadable file, 3 Segment API error.
`;

const VALUE_FLAGS = new Set([
  'name',
  'token',
  'workspace',
  'plan',
  'base-url',
  'out',
  'port',
  'seed',
  'api',
  'region',
  'backup-dir',
  'changelog',
  'sheet',
  'event-naming',
  'property-naming',
  'descriptions',
  'notes-columns',
  'label-columns',
  'groups',
  'typewriter',
  'format',
  'merge',
  'take',
]);
const BOOLEAN_FLAGS = new Set(['json', 'help', 'yes', 'create']);
/** Flags that may be given several times, each value kept. */
const REPEATED_FLAGS = new Set(['source']);

function parseArgs(args: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  const repeated: Record<string, string[]> = {};
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
    else if (VALUE_FLAGS.has(name) || REPEATED_FLAGS.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      if (REPEATED_FLAGS.has(name)) (repeated[name] ??= []).push(value);
      else flags[name] = value;
    } else throw new UsageError(`unknown option ${arg}`);
  }
  return { positional, flags, repeated };
}

type Command = (args: ParsedArgs, io: CliIo) => Promise<number>;

/**
 * Each command's module is loaded when it runs: the emulator's and check's ajv, and the .xlsx reader, cost a
 * process that validates or builds a CSV more time than the work itself.
 */
const COMMANDS: ReadonlyMap<string, () => Promise<Command>> = new Map([
  ['validate', async () => (await import('./validate')).validateCommand],
  ['build', async () => (await import('./build')).buildCommand],
  ['push', async () => (await import('./push')).pushCommand],
  ['pull', async () => (await import('./pull')).pullCommand],
  ['diff', async () => (await import('./diff')).diffCommand],
  ['emulator', async () => (await import('./emulator')).emulatorCommand],
  ['check', async () => (await import('./check')).checkCommand],
  ['export', async () => (await import('./export')).exportCommand],
  ['infer', async () => (await import('./infer')).inferCommand],
  ['plans', async () => (await import('./plans')).plansCommand],
]);

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
    const run = COMMANDS.get(command);
    if (!run) throw new UsageError(`unknown command "${command}"`);
    return await (
      await run()
    )(args, io);
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

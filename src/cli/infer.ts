/**
 * `infer <calls> [--plan FILE] [--out rows.csv]`: Tracking Plan rows inferred from real calls, as CSV (the rows
 * Check an event…'s Add to plan writes). With --plan, only what that plan lacks. The calls are read as a stream,
 * as `check` reads them.
 */
import { promises as fs } from 'fs';
import { INFERRED_COLUMNS, inferredCells, RowInference } from '../events/infer-rows';
import { Call, CallReader, isCall, UnreadableCall } from '../events/read-calls';
import type { TrackingPlan } from '../plan/model';
import { COLUMN_BY_KEY } from '../plan/columns';
import { hasErrors } from '../plan/problems';
import { rowsCsv } from '../workbook/workbook';
import { openCalls } from './check';
import { CliIo, EXIT, flag, loadPlan, ParsedArgs, printProblems, tally, UsageError } from './context';
import { decodedCalls, errorCode, SourceReadError } from './decode-calls';
import { visible } from './terminal-text';

export async function inferCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.positional.length !== 1) throw new UsageError('infer needs the calls file: infer <calls|-> [--plan FILE] [--out rows.csv]');
  const callsFile = args.positional[0];
  const out = flag(args, 'out');
  if (out !== undefined && !out.toLowerCase().endsWith('.csv')) throw new UsageError('infer --out writes a .csv file');
  const plan = await planOf(args, io);
  if (plan === undefined) return EXIT.usage;
  const source = callsFile === '-' ? process.stdin : await openCalls(callsFile, io);
  if (source === null) return EXIT.usage;
  const inference = new RowInference(plan);
  const reader = new CallReader();
  let calls = 0;
  let unreadable = 0;
  const onRead = (read: Call | UnreadableCall) => {
    if (isCall(read)) {
      calls++;
      inference.add(read);
    } else {
      unreadable++;
      io.stderr(`${visible(`${read.at}: ${read.message}`)}\n`);
    }
  };
  try {
    for await (const text of decodedCalls(source)) for (const read of reader.read(text)) onRead(read);
  } catch (e) {
    if (!(e instanceof SourceReadError)) throw e;
    io.stderr(`error: cannot read ${callsFile}: ${e.message}\n`);
    return EXIT.usage;
  }
  for (const read of reader.end()) onRead(read);
  const rows = inference.rows();
  const csv = rowsCsv([
    INFERRED_COLUMNS.map((key) => COLUMN_BY_KEY.get(key)?.header ?? key),
    ...rows.map((row) => {
      const cells = inferredCells(row);
      return INFERRED_COLUMNS.map((key) => cells[key] as string | number | boolean);
    }),
  ]);
  if (out === undefined) {
    io.stdout(csv);
    const lacks = plan ? ', for what the plan lacks' : '';
    io.stderr(
      `${rows.length} ${rows.length === 1 ? 'row' : 'rows'} from ${calls} ${calls === 1 ? 'call' : 'calls'}${lacks}. Rewrite their descriptions (each holds an example) before sending the plan.\n`,
    );
  } else {
    try {
      await fs.writeFile(out, csv);
    } catch (e) {
      io.stderr(`error: cannot write ${out}: ${errorCode(e)}\n`);
      return EXIT.usage;
    }
    io.stdout(`Wrote ${rows.length} ${rows.length === 1 ? 'row' : 'rows'} to ${out}.\n`);
  }
  return unreadable > 0 ? EXIT.usage : EXIT.ok;
}

/** The plan --plan names (null without one), or undefined after saying why it cannot be used. */
async function planOf(args: ParsedArgs, io: CliIo): Promise<TrackingPlan | null | undefined> {
  const file = flag(args, 'plan');
  if (file === undefined) return null;
  // --plan is a file here, not a plan id: the settings flags do not apply.
  const { plan: _file, ...flags } = args.flags;
  const { result, problems } = await loadPlan(file, { positional: [], flags }, io.env);
  if (hasErrors(problems)) {
    printProblems(problems, io.stderr);
    io.stderr(`${tally(problems)}: fix the plan before inferring what it lacks.\n`);
    return undefined;
  }
  return result.plan;
}

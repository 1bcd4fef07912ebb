/** `check <plan> <calls>`: Segment calls (JSON array, NDJSON, or one debugger payload) against the sheet's rules. */
import { promises as fs } from 'fs';
import { CallChecker, CallResult } from '../events/check-calls';
import { readCalls } from '../events/read-calls';
import { hasErrors } from '../plan/problems';
import { draft04Compile } from './ajv-compile';
import { CliIo, EXIT, loadPlan, ParsedArgs, printProblems, tally, UsageError } from './context';

export async function checkCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.positional.length !== 2) throw new UsageError('check needs the plan file and the calls file: check <plan> <calls>');
  const [planFile, callsFile] = args.positional as [string, string];
  const { result } = await loadPlan(planFile, args, io.env);
  if (hasErrors(result.problems)) {
    printProblems(result.problems, io.stderr);
    io.stderr(`${tally(result.problems)}: fix the plan before checking calls against it.\n`);
    return EXIT.usage;
  }
  let text: string;
  try {
    text = await fs.readFile(callsFile, 'utf8');
  } catch (e) {
    io.stderr(`error: cannot read ${callsFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return EXIT.usage;
  }
  const { calls, unreadable } = readCalls(text);
  const checker = new CallChecker(result.plan, draft04Compile());
  const results = calls.map((call) => checker.check(call));
  const count = (status: CallResult['status']) => results.filter((r) => r.status === status).length;
  const summary = { checked: results.length, pass: count('pass'), violates: count('violates'), unplanned: count('unplanned') };
  if (args.flags.json) {
    io.stdout(`${JSON.stringify({ summary: { ...summary, unreadable: unreadable.length }, results, unreadable }, null, 2)}\n`);
  } else {
    for (const u of unreadable) io.stderr(`${u.at}: ${u.message}\n`);
    for (const r of results) {
      if (r.status === 'pass') continue;
      io.stdout(`${r.at}: ${r.call}\n`);
      for (const v of r.violations) {
        const where = v.path ? `${v.path}: ` : '';
        io.stdout(`  ${where}${v.message} (expected ${v.expected}, got ${v.given}; rule: ${v.rule})\n`);
      }
    }
    const unread = unreadable.length > 0 ? `, ${unreadable.length} unreadable` : '';
    io.stdout(
      `${summary.checked} call${summary.checked === 1 ? '' : 's'} checked: ${summary.pass} pass, ${summary.violates} violate, ${summary.unplanned} unplanned${unread}\n`,
    );
  }
  if (unreadable.length > 0) return EXIT.usage;
  return summary.violates + summary.unplanned > 0 ? EXIT.invalid : EXIT.ok;
}

/**
 * `check <plan> <calls>`: Segment calls (JSON array, NDJSON, or one debugger payload) against the sheet's rules.
 * The calls file, or standard input for `-`, is read as a stream and each call is checked as soon as it is read,
 * so a day of production events is checked in bounded memory: only counts, groups and a few examples are kept.
 */
import { promises as fs } from 'fs';
import { CallChecker, CallResult, UncheckableRule } from '../events/check-calls';
import { CheckSummary, EventViolations, MAX_GROUPS } from '../events/check-summary';
import { NotInPlan, notInPlanLine } from '../events/not-in-plan';
import { Call, CallReader, isCall, UnreadableCall } from '../events/read-calls';
import { hasErrors } from '../plan/problems';
import { draft04Compile } from './ajv-compile';
import { CliIo, EXIT, loadPlan, ParsedArgs, printProblems, readingProblems, SelectedPlan, selectPlans, tally, UsageError } from './context';
import { decodedCalls, errorCode, SourceReadError } from './decode-calls';
import { visible } from './terminal-text';

/** Failing calls shown whole after the groups, in the text report. */
const FAILING_EXAMPLES = 10;
/** Unreadable lines listed by `--json` (all are counted; the text report prints every one as it comes). */
const JSON_UNREADABLE_LISTED = 1000;
/** Output is handed to stdout in pieces of about this many characters, not one write per call. */
const OUTPUT_PIECE = 1 << 16;

type Source = AsyncIterable<Uint8Array | string>;

/** A line of the text report: what came from a call shown with its controls escaped, then the line break. */
const line = (text: string) => `${visible(text)}\n`;

/** `stdin` stands in for standard input (tests); process.stdin is only touched when the calls file is `-`. */
export async function checkCommand(args: ParsedArgs, io: CliIo, stdin?: Source): Promise<number> {
  if (args.positional.length !== 2) throw new UsageError('check needs the plan file and the calls file: check <plan> <calls>');
  const [planFile, callsFile] = args.positional as [string, string];
  const loaded = await loadPlan(planFile, args, io.env);
  const { result } = loaded;
  // What reading the tab found (a formula without its value) leaves a rule unknown, as a problem of the plan does;
  // a hidden tab is said even when all is well, since the calls are checked against what the analyst cannot see.
  const reading = readingProblems(loaded);
  const planProblems = [...reading, ...result.problems];
  if (hasErrors(planProblems)) {
    printProblems(planProblems, io.stderr);
    io.stderr(`${tally(planProblems)}: fix the plan before checking calls against it.\n`);
    return EXIT.usage;
  }
  printProblems(reading, io.stderr);
  const [{ plan }] = selectPlans(args, loaded, 'check') as [SelectedPlan];
  const source = callsFile === '-' ? (stdin ?? process.stdin) : await openCalls(callsFile, io);
  if (source === null) return EXIT.usage;
  const checker = new CallChecker(plan, draft04Compile());
  const json = args.flags.json === true;
  const summary = new CheckSummary({ failingExamples: json ? 0 : FAILING_EXAMPLES, unreadableExamples: json ? JSON_UNREADABLE_LISTED : 0 });
  const notInPlan = new NotInPlan();
  const out = piecewise(io.stdout);
  if (json) out('{\n  "results": [');
  let first = true;
  let rulesSaid = 0;
  const onRead = (read: Call | UnreadableCall): void => {
    if (!isCall(read)) {
      summary.addUnreadable(read);
      if (!json) io.stderr(line(`${read.at}: ${read.message}`));
      return;
    }
    const checked = checker.check(read);
    // A rule that cannot compile is said once, when a call first needs it, not with each of its calls.
    for (; !json && rulesSaid < checker.uncheckable.length; rulesSaid++) {
      const u = checker.uncheckable[rulesSaid];
      io.stderr(
        line(
          `error: rule ${u.rule} (row ${u.row}) cannot be checked: ${sentence(u.reason)} Its calls are checked against the other rules only.`,
        ),
      );
    }
    summary.add(checked);
    notInPlan.add(read, checked, checker.rulesOf(read).rule, checker.unplannedProperties(read).paths);
    if (json) out(`${first ? '' : ','}\n    ${JSON.stringify(checked)}`);
    first = false;
  };
  const reader = new CallReader();
  // Once nobody reads the results (`… --json | head -1`), reading on is pointless, and `tail -f log | check` would
  // never end: the calls stop being read, and the exit code says what was checked until then.
  let outputGone = false;
  void io.outputClosed?.then(() => {
    outputGone = true;
    const stream = source as Partial<{ destroy(): void }>;
    if (typeof stream.destroy === 'function') stream.destroy();
  });
  try {
    for await (const text of decodedCalls(source)) {
      if (outputGone) break;
      for (const read of reader.read(text)) onRead(read);
    }
  } catch (e) {
    if (!(e instanceof SourceReadError)) throw e;
    if (outputGone) return exitCode(summary);
    out.flush();
    io.stderr(`error: cannot read ${callsFile}: ${e.message}\n`);
    return EXIT.usage;
  }
  if (outputGone) return exitCode(summary);
  for (const read of reader.end()) onRead(read);
  if (json) writeJsonEnd(out, summary, checker.uncheckable, notInPlan);
  else writeReport(out, summary, notInPlan);
  out.flush();
  return exitCode(summary);
}

function exitCode({ totals }: CheckSummary): number {
  // Calls that could not be checked (a line unread, a rule that cannot compile) are not known to pass.
  if (totals.unreadable + totals.unchecked > 0) return EXIT.usage;
  return totals.violates + totals.unplanned > 0 ? EXIT.invalid : EXIT.ok;
}

/** The calls file as a stream, or null after saying why it cannot be read (before anything else is written). */
export async function openCalls(file: string, io: CliIo): Promise<Source | null> {
  try {
    const handle = await fs.open(file, 'r');
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    }
    return handle.createReadStream({ highWaterMark: 1 << 16 });
  } catch (e) {
    io.stderr(`error: cannot read ${file}: ${errorCode(e)}\n`);
    return null;
  }
}

interface PiecewiseWriter {
  (text: string): void;
  flush(): void;
}

/** Collects output and writes it in pieces: one write per call would be a system call per call. */
function piecewise(write: (text: string) => void): PiecewiseWriter {
  let held: string[] = [];
  let length = 0;
  const flush = () => {
    if (held.length > 0) write(held.join(''));
    held = [];
    length = 0;
  };
  return Object.assign(
    (text: string) => {
      held.push(text);
      length += text.length;
      if (length >= OUTPUT_PIECE) flush();
    },
    { flush },
  );
}

/**
 * The rest of `--json`: `results` were written as the calls were checked; `unreadable` lists the first
 * JSON_UNREADABLE_LISTED (the summary counts them all), and `summary` comes last since it is known last.
 */
function writeJsonEnd(out: PiecewiseWriter, summary: CheckSummary, uncheckable: readonly UncheckableRule[], notInPlan: NotInPlan): void {
  const list = (items: readonly object[]) => {
    const listed = items.map((u) => `\n    ${JSON.stringify(u)}`).join(',');
    return `[${listed}${listed ? '\n  ' : ''}]`;
  };
  out(`${summary.totals.checked > 0 ? '\n  ' : ''}],\n  "unreadable": ${list(summary.unreadableExamples)},\n`);
  out(`  "uncheckable": ${list(uncheckable)},\n`);
  out(`  "notInPlan": ${list(notInPlan.list())},\n`);
  out(`  "summary": ${JSON.stringify(summary.totals)}\n}\n`);
}

/** A reason as a sentence: validators' messages end without a full stop. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** The text report: violations grouped by event and path with their counts, then the first failing calls whole. */
function writeReport(out: PiecewiseWriter, summary: CheckSummary, notInPlan: NotInPlan): void {
  const { totals } = summary;
  const failing = totals.violates + totals.unplanned;
  if (failing > 0) {
    out('Violations by event and path, the most frequent first:\n');
    for (const event of summary.byEvent()) writeEventGroups(out, event);
    if (summary.ungrouped > 0) {
      out(
        `(${plural(summary.ungrouped, 'more violation')} fell beyond the first ${MAX_GROUPS.toLocaleString('en')} groups: counted, not grouped)\n`,
      );
    }
    const shown = summary.failingExamples;
    out(failing > shown.length ? `\nExamples: the first ${shown.length} of ${plural(failing, 'failing call')}\n` : '\nFailing calls:\n');
    for (const r of shown) writeCall(out, r);
    out('\n');
  }
  writeNotInPlan(out, notInPlan);
  const unchecked = totals.unchecked > 0 ? `, ${totals.unchecked.toLocaleString('en')} unchecked` : '';
  const unread = `${unchecked}${totals.unreadable > 0 ? `, ${totals.unreadable.toLocaleString('en')} unreadable` : ''}`;
  out(
    `${plural(totals.checked, 'call')} checked: ${totals.pass.toLocaleString('en')} pass, ` +
      `${totals.violates.toLocaleString('en')} violate, ${totals.unplanned.toLocaleString('en')} unplanned${unread}\n`,
  );
}

/** Unplanned events and properties, as information: what `infer` would write rows for. */
function writeNotInPlan(out: PiecewiseWriter, notInPlan: NotInPlan): void {
  if (notInPlan.size === 0) return;
  out('Not in the plan (information; `infer` writes rows for them):\n');
  for (const entry of notInPlan.list()) out(line(`  ${notInPlanLine(entry)}`));
  if (notInPlan.beyond > 0) out(`  (${plural(notInPlan.beyond, 'more sighting')} of other names: counted, not listed)\n`);
  out('\n');
}

function writeEventGroups(out: PiecewiseWriter, event: EventViolations): void {
  out(line(`${event.call}: ${plural(event.violations, 'violation')} in ${plural(event.calls, 'call')}`));
  for (const g of event.groups) {
    const where = g.path ? `${g.path}: ` : '';
    const row = g.row === null ? '' : `, row ${g.row}`;
    out(line(`  ${g.count.toLocaleString('en')} × ${where}${g.message} (rule: ${g.rule}${row}; at ${g.seenAt.join(', ')})`));
  }
}

function writeCall(out: PiecewiseWriter, r: CallResult): void {
  out(line(`${r.at}: ${r.call}`));
  for (const v of r.violations) {
    const where = v.path ? `${v.path}: ` : '';
    out(line(`  ${where}${v.message} (expected ${v.expected}, got ${v.given}; rule: ${v.rule})`));
  }
  if (r.unchecked) out(line(`  not checked: ${r.unchecked}`));
}

/**
 * validate: the problems in a tracking plan; nothing is sent anywhere. As text (the default), JSON, GitHub
 * Actions annotations or a JUnit XML report, so a CI job can fail on the plan and show where.
 */
import { promises as fs } from 'fs';
import { planSummary, TrackingPlan } from '../plan/model';
import { formatProblem, hasErrors, Problem } from '../plan/problems';
import { PROPERTY_GROUPS_SHEET } from '../plan/property-groups';
import { CliIo, EXIT, flag, loadPlan, ParsedArgs, singleFile, tally, UsageError } from './context';
import type { Workbook } from '../workbook/workbook';
import { githubAnnotations } from './github-annotations';
import { junitReport } from './junit-report';

const REPORT_FORMATS = ['text', 'json', 'github', 'junit'] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

export async function validateCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const format = reportFormat(args);
  const file = singleFile(args);
  const { result, problems, workbook, groupsFile } = await loadPlan(file, args, io.env, format === 'github');
  const read = { plan: result.plan, from: readFrom(workbook, result.headerRow) };
  const out = flag(args, 'out');
  let report: string;
  switch (format) {
    case 'text':
      report = textListing(problems, read);
      break;
    case 'json':
      report = `${JSON.stringify({ problems }, null, 2)}\n`;
      break;
    case 'github':
      // A problem of the --groups file is annotated on that file.
      report = lines([
        ...problems.flatMap((p) =>
          githubAnnotations(
            [p],
            groupsFile && p.sheet === PROPERTY_GROUPS_SHEET ? groupsFile : { path: file, csvCells: workbook.csvCells },
          ),
        ),
        summary(problems, read),
      ]);
      break;
    case 'junit':
      report = junitReport(problems, { path: file, planSheet: workbook.planSheet, plan: result.plan });
      break;
  }
  if (out === undefined) io.stdout(report);
  else {
    // The report goes to its file; the job's log still shows the problems, as text.
    try {
      await fs.writeFile(out, report);
    } catch (e) {
      io.stderr(`error: could not write ${out}: ${(e as Error).message}\n`);
      return EXIT.usage;
    }
    io.stdout(format === 'text' ? report : textListing(problems, read));
  }
  return hasErrors(problems) ? EXIT.invalid : EXIT.ok;
}

/** --format, or --json (kept from before --format); both at once must agree. */
function reportFormat(args: ParsedArgs): ReportFormat {
  const given = flag(args, 'format');
  if (given === undefined) return args.flags.json ? 'json' : 'text';
  const format = REPORT_FORMATS.find((f) => f === given);
  if (!format) throw new UsageError(`--format is one of ${REPORT_FORMATS.join(', ')}, not "${given}"`);
  if (args.flags.json && format !== 'json') throw new UsageError(`--json and --format ${format} ask for two formats; give one`);
  return format;
}

/** The plan read, and where from: the tab of an .xlsx (hidden or not), and the header row when it is not row 1. */
interface PlanRead {
  plan: TrackingPlan;
  from: string;
}

function readFrom(workbook: Workbook, headerRow: number | null): string {
  const parts: string[] = [];
  if (workbook.tab) parts.push(`tab "${workbook.planSheet}"${workbook.tab.hidden ? ', hidden' : ''}`);
  if (headerRow !== null && headerRow !== 1) parts.push(`header row ${headerRow}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function textListing(problems: readonly Problem[], read: PlanRead): string {
  return lines([...problems.map(formatProblem), summary(problems, read)]);
}

function summary(problems: readonly Problem[], { plan, from }: PlanRead): string {
  const { rules, properties } = planSummary(plan);
  return `${tally(problems)}; ${rules} rule${rules === 1 ? '' : 's'}, ${properties} propert${properties === 1 ? 'y' : 'ies'}${from}`;
}

function lines(texts: readonly string[]): string {
  return texts.map((text) => `${text}\n`).join('');
}

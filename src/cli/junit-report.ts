/**
 * Problems as a JUnit XML report, the format CI servers show as tests: one test case per rule of the plan (each
 * event and version, identify, group, common), one for the plan's sheet as a whole, and one for any other sheet
 * with problems (Importer Settings). A case's errors are its one <failure>; warnings go in the case's <system-out>,
 * so they are seen without failing anything.
 */
import { eventLabel, EventDefinition, PropertyDefinition, TrackingPlan } from '../plan/model';
import { formatProblem, Problem, problemPlace } from '../plan/problems';

export interface JunitSource {
  /** The plan's file, as given on the command line. */
  path: string;
  /** The sheet the plan was read from (the problems' `sheet`). */
  planSheet: string;
  plan: TrackingPlan;
}

interface TestCase {
  name: string;
  problems: Problem[];
}

export function junitReport(problems: readonly Problem[], source: JunitSource): string {
  const cases = testCases(problems, source);
  const failed = cases.filter((c) => c.problems.some((p) => p.severity === 'error')).length;
  const counts = `tests="${cases.length}" failures="${failed}" errors="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tracking plan validation" ${counts}>`,
    `  <testsuite name="${xmlAttribute(source.path)}" ${counts} skipped="0">`,
    ...cases.map((c) => testCaseXml(c, source.path)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function testCaseXml(testCase: TestCase, classname: string): string {
  const open = `    <testcase classname="${xmlAttribute(classname)}" name="${xmlAttribute(testCase.name)}"`;
  if (testCase.problems.length === 0) return `${open}/>`;
  // One <failure> per case, as the JUnit schema allows (Jenkins shows only the first of several): the first error
  // in its message, every error in its text.
  const errors = testCase.problems.filter((p) => p.severity === 'error');
  const [first] = errors;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  const failures = first
    ? [
        `      <failure type="error" message="${xmlAttribute(`${problemPlace(first)}: ${first.message}${more}`)}">${xmlText(errors.map(formatProblem).join('\n'))}</failure>`,
      ]
    : [];
  const warnings = testCase.problems.filter((p) => p.severity === 'warning').map(formatProblem);
  const out = warnings.length > 0 ? [`      <system-out>${xmlText(warnings.join('\n'))}</system-out>`] : [];
  return [`${open}>`, ...failures, ...out, '    </testcase>'].join('\n');
}

/**
 * The problems of each case. A problem belongs to the rule whose row or property row it is on; a row that made no
 * property (its type unknown, say) belongs to the rule of the nearest row above it that did, as it sits in that
 * rule's block. Rows above every rule (the header) and sheet-wide problems belong to the sheet's case.
 */
function testCases(problems: readonly Problem[], source: JunitSource): TestCase[] {
  const sheetCase: TestCase = { name: `sheet "${source.planSheet}"`, problems: [] };
  const names = caseNames(source.plan.events);
  const eventCases = source.plan.events.map((_, i): TestCase => ({ name: names[i] ?? '', problems: [] }));
  const otherSheets = new Map<string, TestCase>();
  const rows = ruleRows(source.plan.events);
  for (const p of problems) {
    if (p.sheet !== source.planSheet) {
      const sheet = otherSheets.get(p.sheet) ?? { name: `sheet "${p.sheet}"`, problems: [] };
      otherSheets.set(p.sheet, sheet);
      sheet.problems.push(p);
      continue;
    }
    const rule = p.row === null ? undefined : ruleAtOrAbove(rows, p.row);
    (rule === undefined ? sheetCase : (eventCases[rule] ?? sheetCase)).problems.push(p);
  }
  return [sheetCase, ...eventCases, ...otherSheets.values()];
}

/** eventLabel, with the version when the plan has several versions of the rule. */
function caseNames(events: readonly EventDefinition[]): string[] {
  const labels = events.map(eventLabel);
  const seen = new Map<string, number>();
  for (const label of labels) seen.set(label, (seen.get(label) ?? 0) + 1);
  return labels.map((label, i) => ((seen.get(label) ?? 0) > 1 ? `${label} (version ${events[i]?.version ?? 1})` : label));
}

/** Each row that defines a rule or one of its properties, with the rule's index, sorted by row. */
function ruleRows(events: readonly EventDefinition[]): Array<[row: number, rule: number]> {
  const rows: Array<[number, number]> = [];
  const addProperties = (properties: readonly PropertyDefinition[], rule: number): void => {
    for (const p of properties) {
      // A group's property is on its row in Property Groups, not on the plan's.
      if (p.sheet === undefined) rows.push([p.row, rule]);
      addProperties(p.properties, rule);
      if (p.items) addProperties([p.items], rule);
    }
  };
  events.forEach((event, rule) => {
    rows.push([event.row, rule]);
    addProperties(event.properties, rule);
  });
  return rows.sort((a, b) => a[0] - b[0]);
}

/** The rule of the last defining row at or above `row` (binary search), or undefined above them all. */
function ruleAtOrAbove(rows: ReadonlyArray<readonly [number, number]>, row: number): number | undefined {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((rows[mid]?.[0] ?? 0) <= row) low = mid + 1;
    else high = mid;
  }
  return rows[low - 1]?.[1];
}

/**
 * Characters XML 1.0 cannot hold at all, not even as a character reference: C0 controls other than tab, line feed
 * and carriage return, U+FFFE, U+FFFF and unpaired surrogates. A cell can hold them (a paste); the report writes
 * them as `\u0007` so it stays valid XML and still says which character the cell holds.
 */
const NOT_IN_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function visibleCode(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Text content; a carriage return as a reference, as a parser would turn a CR LF into a lone LF. */
export function xmlText(text: string): string {
  return text.replace(NOT_IN_XML, visibleCode).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** An attribute value in double quotes; tab and line breaks as references, which a parser would turn into spaces. */
export function xmlAttribute(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

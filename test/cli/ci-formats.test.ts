// validate for CI: GitHub Actions annotations (`--format github`) and a JUnit XML report (`--format junit`), with
// the exit codes a job fails on (0 clean, 1 errors, 2 bad usage).
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { xmlAttribute, xmlText } from '../../src/cli/junit-report';
import { toCsv } from '../../src/workbook/csv';
import { workbookXlsx } from '../../src/workbook/workbook';
import { cliAsync } from '../helpers/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'ci-formats-'));
function csvFile(name: string, rows: string[][]): string {
  const file = path.join(dir, name);
  writeFileSync(file, toCsv(rows));
  return file;
}

const HEADER = ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type'];
/** Row 2 has no event; row 3's description takes two lines of the file, so row 4 is on line 5 and row 5 on line 6. */
const plan = csvFile('plan.csv', [
  HEADER,
  ['', '', 'orphan', 'No event above', 'string'],
  ['Order Completed', 'Fires when\nan order is placed', '', '', ''],
  ['', '', 'total', 'Order total', 'strng'],
  ['', '', 'tax', '', 'number'],
  ['Product Viewed', 'A product page', '', '', ''],
  ['', '', 'sku', 'Stock unit', 'string'],
]);
const clean = csvFile('clean.csv', [HEADER, ['Product Viewed', 'A product page', '', '', ''], ['', '', 'sku', 'Stock unit', 'string']]);
/** No Property Name column: a problem of the whole sheet, with no row or column. */
const headerless = [
  ['Event Name', 'Event Description'],
  ['Product Viewed', 'A product page'],
];

const ORPHAN = 'Property "orphan" has no event: put an Event Name on this row or on a row above it.';
const UNKNOWN_TYPE = (cell: string) =>
  `Unknown Property Type "${cell}". Did you mean string? Use one of: string, number, integer, boolean, object, array, null, any, date-time; several comma-separated (string, null).`;
const NO_PROPERTY_NAME = 'The header row (row 1) has no "Property Name" column. Add a column headed Property Name.';

async function xlsxFile(name: string, rows: string[][], settings: string[][] = []): Promise<string> {
  const file = path.join(dir, name);
  writeFileSync(file, await workbookXlsx({ plan: rows, settings }));
  return file;
}

describe('validate --format github', () => {
  it('points each problem of a CSV at its line and the character its cell starts at, a row after a multi-line cell at its real line', async () => {
    const run = await cliAsync(['validate', plan, '--format', 'github']);
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n')).toEqual([
      `::error file=${plan},line=2,col=3::${ORPHAN}`,
      // `,,total,Order total,strng`: the Property Type cell starts at character 21; `,,tax,,number`: D at 7.
      `::error file=${plan},line=5,col=21::${UNKNOWN_TYPE('strng')}`,
      `::warning file=${plan},line=6,col=7::Property "tax" has no description.`,
      '2 errors, 1 warning; 2 rules, 2 properties',
      '',
    ]);
    expect(run.stderr).toBe('');
  });

  it('names only the file of an .xlsx and starts the message with the sheet and cell', async () => {
    const xlsx = await xlsxFile(
      'plan.xlsx',
      [
        ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type'],
        ['Order Completed', 'An order is placed', '', '', ''],
        ['', '', 'total', 'Order total', 'strng'],
      ],
      [['Event Naming', 'weird']],
    );
    const run = await cliAsync(['validate', xlsx, '--format', 'github']);
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n')).toEqual([
      `::error file=${xlsx}::Tracking Plan!E3: ${UNKNOWN_TYPE('strng')}`,
      `::error file=${xlsx}::Importer Settings!B1: Event Naming "weird" is not one of Object Action, object_action, objectAction, Any.`,
      '2 errors, 0 warnings; 1 rule, 0 properties (tab "Tracking Plan")',
      '',
    ]);
  });

  it('names the file alone for a problem of the whole sheet (with the sheet in the message of an .xlsx)', async () => {
    const csv = csvFile('headerless.csv', headerless);
    const xlsx = await xlsxFile('headerless.xlsx', headerless);
    expect((await cliAsync(['validate', csv, '--format', 'github'])).stdout.split('\n')[0]).toBe(
      `::error file=${csv}::${NO_PROPERTY_NAME}`,
    );
    expect((await cliAsync(['validate', xlsx, '--format', 'github'])).stdout.split('\n')[0]).toBe(
      `::error file=${xlsx}::Tracking Plan: ${NO_PROPERTY_NAME}`,
    );
  });

  it("escapes as GitHub's commands require: % CR LF in the message, and also : and , in the file name", async () => {
    const odd = csvFile('odd, name: 100%.csv', [
      HEADER,
      ['Order Completed', 'An order is placed', '', '', ''],
      ['', '', 'total', 'Total', '50%\r\nx'],
    ]);
    const run = await cliAsync(['validate', odd, '--format', 'github']);
    expect(run.stdout.split('\n')[0]).toBe(
      `::error file=${dir}/odd%2C name%3A 100%25.csv,line=3,col=15::${UNKNOWN_TYPE('50%25%0D%0Ax').replace(' Did you mean string?', '')}`,
    );
  });

  it('prints only the summary for a clean plan, and exits 0', async () => {
    const run = await cliAsync(['validate', clean, '--format', 'github']);
    expect([run.status, run.stdout]).toEqual([0, '0 errors, 0 warnings; 1 rule, 1 property\n']);
  });
});

describe('validate --format junit', () => {
  const junit = (file: string, cases: string[], tests: number, failures: number) =>
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuites name="tracking plan validation" tests="${tests}" failures="${failures}" errors="0">`,
      `  <testsuite name="${file}" tests="${tests}" failures="${failures}" errors="0" skipped="0">`,
      ...cases,
      '  </testsuite>',
      '</testsuites>',
      '',
    ].join('\n');

  it('gives a case with several errors one failure (as the JUnit schema allows): the first in its message, all in its text', async () => {
    const twice = csvFile('twice.csv', [
      HEADER,
      ['Order Completed', 'An order is placed', '', '', ''],
      ['', '', 'total', 'Total', 'strng'],
      ['', '', 'tax', 'Tax', 'nmber'],
    ]);
    const nmber = UNKNOWN_TYPE('nmber').replace('Did you mean string?', 'Did you mean number?');
    const run = await cliAsync(['validate', twice, '--format', 'junit']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      junit(
        twice,
        [
          `    <testcase classname="${twice}" name="sheet &quot;Tracking Plan&quot;"/>`,
          `    <testcase classname="${twice}" name="Order Completed">`,
          `      <failure type="error" message="Tracking Plan!E3: ${UNKNOWN_TYPE('strng').replace(/"/g, '&quot;')} (and 1 more)">Tracking Plan!E3 error: ${UNKNOWN_TYPE('strng')}`,
          `Tracking Plan!E4 error: ${nmber}</failure>`,
          '    </testcase>',
        ],
        2,
        1,
      ),
    );
  });

  it('writes one test case per event and one for the sheet, errors as failures and warnings as output, to --out', async () => {
    const out = path.join(dir, 'report.xml');
    const run = await cliAsync(['validate', plan, '--format', 'junit', '--out', out]);
    expect(run.status).toBe(1);
    const expected = junit(
      plan,
      [
        `    <testcase classname="${plan}" name="sheet &quot;Tracking Plan&quot;">`,
        `      <failure type="error" message="Tracking Plan!C2: ${ORPHAN.replace(/"/g, '&quot;')}">Tracking Plan!C2 error: ${ORPHAN}</failure>`,
        '    </testcase>',
        `    <testcase classname="${plan}" name="Order Completed">`,
        `      <failure type="error" message="Tracking Plan!E4: ${UNKNOWN_TYPE('strng').replace(/"/g, '&quot;')}">Tracking Plan!E4 error: ${UNKNOWN_TYPE('strng')}</failure>`,
        '      <system-out>Tracking Plan!D5 warning: Property "tax" has no description.</system-out>',
        '    </testcase>',
        `    <testcase classname="${plan}" name="Product Viewed"/>`,
      ],
      3,
      2,
    );
    expect(readFileSync(out, 'utf8')).toBe(expected);
    // The job's log still lists the problems, as text.
    expect(run.stdout.split('\n')).toEqual([
      `Tracking Plan!C2 error: ${ORPHAN}`,
      `Tracking Plan!E4 error: ${UNKNOWN_TYPE('strng')}`,
      'Tracking Plan!D5 warning: Property "tax" has no description.',
      '2 errors, 1 warning; 2 rules, 2 properties',
      '',
    ]);
    // Without --out, the report is printed.
    expect((await cliAsync(['validate', plan, '--format', 'junit'])).stdout).toBe(expected);
  });

  it('names versions apart, the identify rule, and gives another sheet with problems a case of its own', async () => {
    const xlsx = await xlsxFile(
      'versions.xlsx',
      [
        ['Event Type', 'Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type', 'Version'],
        ['track', 'Order Completed', 'An order is placed', '', '', '', '1'],
        ['', '', '', 'total', 'Order total', 'number', ''],
        ['track', 'Order Completed', 'An order is placed', '', '', '', '2'],
        ['', '', '', 'total', 'Order total', 'number', ''],
        ['identify', '', '', 'email', 'Their email', 'string', ''],
      ],
      [['Event Naming', 'weird']],
    );
    const run = await cliAsync(['validate', xlsx, '--format', 'junit']);
    expect(run.status).toBe(1);
    const settings = 'Event Naming "weird" is not one of Object Action, object_action, objectAction, Any.';
    expect(run.stdout).toBe(
      junit(
        xlsx,
        [
          `    <testcase classname="${xlsx}" name="sheet &quot;Tracking Plan&quot;"/>`,
          `    <testcase classname="${xlsx}" name="Order Completed (version 1)"/>`,
          `    <testcase classname="${xlsx}" name="Order Completed (version 2)"/>`,
          `    <testcase classname="${xlsx}" name="identify traits"/>`,
          `    <testcase classname="${xlsx}" name="sheet &quot;Importer Settings&quot;">`,
          `      <failure type="error" message="Importer Settings!B1: ${settings.replace(/"/g, '&quot;')}">Importer Settings!B1 error: ${settings}</failure>`,
          '    </testcase>',
        ],
        5,
        1,
      ),
    );
  });

  it('escapes markup and writes what XML 1.0 cannot hold (control characters) as \\u escapes', async () => {
    const odd = csvFile('odd.csv', [
      HEADER,
      ['<Checkout & "Pay">\u0007', 'Paying', '', '', ''],
      ['', '', 'total', 'Total', '50%\r\nx'],
      ['', '', 'tax\u0001', '', 'number'],
    ]);
    const run = await cliAsync(['validate', odd, '--format', 'junit']);
    const unknown = UNKNOWN_TYPE('50%\r\nx').replace(' Did you mean string?', '');
    expect(run.stdout).toBe(
      junit(
        odd,
        [
          `    <testcase classname="${odd}" name="sheet &quot;Tracking Plan&quot;"/>`,
          `    <testcase classname="${odd}" name="&lt;Checkout &amp; &quot;Pay&quot;&gt;\\u0007">`,
          `      <failure type="error" message="Tracking Plan!E3: ${unknown.replace(/"/g, '&quot;').replace('\r\n', '&#13;&#10;')}">Tracking Plan!E3 error: ${unknown.replace('\r', '&#13;')}</failure>`,
          '      <system-out>Tracking Plan!D4 warning: Property "tax\\u0001" has no description.</system-out>',
          '    </testcase>',
        ],
        2,
        1,
      ),
    );
    // Characters no cell here can carry through a file: U+FFFE, U+FFFF and halves of surrogate pairs.
    expect(xmlText('a\uFFFEb\uFFFF\uD800c\uDC00😀')).toBe('a\\uFFFEb\\uFFFF\\uD800c\\uDC00😀');
    expect(xmlAttribute('tab\there\nnew')).toBe('tab&#9;here&#10;new');
  });

  it('passes every case of a clean plan, and exits 0', async () => {
    const run = await cliAsync(['validate', clean, '--format', 'junit']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      junit(
        clean,
        [
          `    <testcase classname="${clean}" name="sheet &quot;Tracking Plan&quot;"/>`,
          `    <testcase classname="${clean}" name="Product Viewed"/>`,
        ],
        2,
        0,
      ),
    );
  });
});

describe('validate --format', () => {
  it('json is what --json prints; text is the default', async () => {
    expect((await cliAsync(['validate', plan, '--format', 'json'])).stdout).toBe((await cliAsync(['validate', plan, '--json'])).stdout);
    expect((await cliAsync(['validate', plan, '--format', 'text'])).stdout).toBe((await cliAsync(['validate', plan])).stdout);
  });

  it('is a usage error (exit 2) with an unknown format, or with --json asking for another', async () => {
    const unknown = await cliAsync(['validate', plan, '--format', 'xml']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toBe('error: --format is one of text, json, github, junit, not "xml"');
    const both = await cliAsync(['validate', plan, '--json', '--format', 'github']);
    expect(both.status).toBe(2);
    expect(both.stderr.split('\n')[0]).toBe('error: --json and --format github ask for two formats; give one');
  });

  it('exits 2 when --out cannot be written', async () => {
    const out = path.join(dir, 'no-such-dir', 'report.xml');
    const run = await cliAsync(['validate', plan, '--format', 'junit', '--out', out]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`error: could not write ${out}: ENOENT: no such file or directory, open '${out}'\n`);
  });
});

// The analyst's own columns (issue 19, item 5): columns that annotate a row are kept, never warned about and never
// sent; Label Columns become the event's labels; Status is Required only when it holds Required values; messages
// name the header the analyst wrote.
import type { CellValue } from '../../src/plan/cell-values';
import { parseTrackingPlan, ParseOptions } from '../../src/plan/parse-plan';
import { ownColumns, parseImporterSettings } from '../../src/plan/settings';
import { buildConfigRules } from '../../src/schema/build-rules';

function read(grid: CellValue[][], options: ParseOptions = {}) {
  const { plan, problems } = parseTrackingPlan(grid, options);
  return { problems: problems.map((p) => `${p.cell ?? '(sheet)'} ${p.severity}: ${p.message}`), rules: buildConfigRules(plan) };
}

const PLAIN: CellValue[][] = [
  ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type'],
  ['Signed In', 'A user signs in', '', '', ''],
  ['', '', 'method', 'How they signed in', 'string'],
];

describe("the analyst's own columns", () => {
  it('Owner, Team, Squad, Ticket, Jira, Notes, Comments, Priority, Stage, Implementation Status, Last Updated and a lifecycle Status are kept, not warned about and not sent', () => {
    const own = [
      'Owner',
      'Team',
      'Squad',
      'Ticket',
      'Jira',
      'Notes',
      'Comments',
      'Priority',
      'Stage',
      'Status',
      'Implementation Status',
      'Last Updated',
    ];
    const grid = [
      [...(PLAIN[0] ?? []), ...own],
      [
        ...(PLAIN[1] ?? []),
        'growth',
        'Growth',
        'Auth',
        'GRO-1',
        'GRO-1',
        'ship first',
        'ok',
        'P1',
        'beta',
        'Planned',
        'Implemented',
        '2026-11-30',
      ],
      [
        ...(PLAIN[2] ?? []),
        'growth',
        'Growth',
        'Auth',
        'GRO-2',
        'GRO-2',
        'from the form',
        'ok',
        'P2',
        'beta',
        'Implemented',
        'Planned',
        '2026-12-01',
      ],
    ];
    const { problems, rules } = read(grid);
    expect(problems).toEqual([]);
    expect(rules).toEqual(read(PLAIN).rules);
  });

  it('a column Importer Settings lists in Notes Columns is kept and not warned about; one it does not list still is', () => {
    const grid = [
      [...(PLAIN[0] ?? []), 'Design Link', 'Platform Notes'],
      [...(PLAIN[1] ?? []), 'https://figma.example/1', 'web only'],
      [...(PLAIN[2] ?? []), '', ''],
    ];
    const settings = parseImporterSettings([['Notes Columns', 'design link']]).settings;
    const { problems, rules } = read(grid, { ownColumns: ownColumns(settings) });
    expect(problems.map((p) => p.split(' is not read')[0])).toEqual(['G1 warning: Column "Platform Notes"']);
    expect(rules).toEqual(read(PLAIN).rules);
  });

  it('a column listed in Label Columns becomes labels on its event, keyed by the lower-cased header', () => {
    const grid = [
      [...(PLAIN[0] ?? []), 'Owner', 'Labels'],
      [...(PLAIN[1] ?? []), 'growth-team', 'tier:gold'],
      [...(PLAIN[2] ?? []), 'growth-team', ''],
      ['Order Completed', 'An order is paid', '', '', '', '', ''],
    ];
    const settings = parseImporterSettings([['Label Columns', 'Owner']]).settings;
    const { problems, rules } = read(grid, { ownColumns: ownColumns(settings) });
    expect(problems).toEqual([]);
    expect(rules.events.map((e) => [e.name, e.rules.labels])).toEqual([
      ['Signed In', { tier: 'gold', owner: 'growth-team' }],
      ['Order Completed', undefined],
    ]);
  });

  it('a Label Columns cell that differs between rows of one event is an error at the second, naming both values', () => {
    const grid = [
      [...(PLAIN[0] ?? []), 'Owner'],
      [...(PLAIN[1] ?? []), 'growth-team'],
      [...(PLAIN[2] ?? []), 'core-team'],
    ];
    const { problems } = read(grid, { ownColumns: { labels: ['Owner'] } });
    expect(problems).toEqual(['F3 error: Label owner is "core-team" here but "growth-team" in row 2. Give the label one value.']);
  });

  it('a Status column holding required/optional is still read as Required, and its messages say Status', () => {
    const { problems, rules } = read([
      ['Event Name', 'Property Name', 'Property Description', 'Status'],
      ['Signed In', '', '', 'Required'],
      ['', 'method', 'How', 'required'],
      ['', 'remember', 'Kept signed in', 'optional'],
      ['', 'source', 'Where from', 'Requird'],
    ]);
    expect(problems).toEqual([
      'A2 warning: Event "Signed In" has no description. Say when it fires so developers implement it right.',
      'D2 error: Status is filled in but the row has no Property Name, so it would be lost. Add the Property Name or clear the cell.',
      'D5 error: Status "Requird" is not understood. Use TRUE or FALSE (a checkbox), yes/no, or leave it blank for optional.',
    ]);
    expect(rules.events[0]?.rules.required).toEqual(['properties']);
  });

  it('messages name the header the analyst wrote, not the template’s column name', () => {
    const { problems } = read([
      ['Event', 'Event Description', 'Property', 'Description', 'Data Type', 'Mandatory'],
      ['Signed In', 'A user signs in', '', '', '', 'yes'],
      ['', '', 'method', 'How', 'strng', ''],
    ]);
    expect(problems).toEqual([
      'F2 error: Mandatory is filled in but the row has no Property, so it would be lost. Add the Property or clear the cell.',
      'E3 error: Unknown Property Type "strng". Did you mean string? Use one of: string, number, integer, boolean, object, array, null, any, date-time; several comma-separated (string, null).',
    ]);
  });
});

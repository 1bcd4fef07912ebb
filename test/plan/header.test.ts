// Which row is the header: the one that names Event Name and another known column, preferring one with Property
// Name, so a legend or title row above the real header is not read as it (issue 17).
import type { CellValue } from '../../src/plan/cell-values';
import { parseTrackingPlan } from '../../src/plan/parse-plan';

const HEADER = ['Event Name', 'Event Description', 'Property Name', 'Property Type'];
const ROWS = [
  ['Order Completed', 'An order is placed', '', ''],
  ['', '', 'total', 'number'],
];

/** What the analyst would see built: each event with its row, and its properties with their types and rows. */
function read(grid: CellValue[][]) {
  const { plan, problems, headerRow } = parseTrackingPlan(grid);
  const events = plan.events.map((e) => [e.name, e.row, e.properties.map((p) => [p.key, p.types, p.row])]);
  return { events, problems, headerRow };
}

/** ROWS under a header at row `header`. */
const orderCompleted = (header: number) => [['Order Completed', header + 1, [['total', ['number'], header + 2]]]];

describe('the header row', () => {
  it('passes over a legend row holding just an exact "Event Name" cell, and says which row it read', () => {
    const { events, problems, headerRow } = read([['Event Name', '= the event as sent'], ['', ''], HEADER, ...ROWS]);
    expect(headerRow).toBe(3);
    expect(events).toEqual(orderCompleted(3));
    expect(problems.filter((p) => p.row === 3)).toEqual([
      {
        sheet: 'Tracking Plan',
        row: 3,
        column: 'A',
        cell: 'A3',
        severity: 'warning',
        message:
          'Row 3 is read as the header row, as it names Event Name and Property Name. Row 1 also has an Event Name cell but is read as a title above the header; if row 1 is meant to be the header, give it a Property Name column.',
      },
    ]);
  });

  it('between two rows without Property Name, takes the one with an exact "Event Name" cell over a title above it', () => {
    const { problems } = read([
      ['Event', 'Description'],
      ['Event Name', 'Event Description'],
      ['Order Completed', 'An order is placed'],
    ]);
    // Neither names Property Name, so the plan cannot be read; what is said must be about row 2, the real header.
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^Row 2 is read as the header row, as it names Event Name and another known column. Row 1 also/),
      'The header row (row 2) has no "Property Name" column. Add a column headed Property Name.',
    ]);
  });

  it('passes over a title "Event, Description" (two known column names, no Property Name)', () => {
    const { events, problems, headerRow } = read([['Event', 'Description'], HEADER, ...ROWS]);
    expect(headerRow).toBe(2);
    expect(events).toEqual(orderCompleted(2));
    expect(problems.map((p) => [p.cell, p.message])).toEqual([
      [
        'A2',
        'Row 2 is read as the header row, as it names Event Name and Property Name. Row 1 also has an Event Name cell but is read as a title above the header; if row 1 is meant to be the header, give it a Property Name column.',
      ],
      ['C4', 'Property "total" has no description.'],
    ]);
  });

  it('takes a row with Event Name and another known column over an exact "Event Name" alone', () => {
    const { headerRow, problems } = read([['Event Name'], ['Event', 'Type', 'Name'], ['Order Completed', '', '']]);
    expect(headerRow).toBe(2);
    expect(problems.find((p) => p.cell === 'A2')?.message).toContain('Row 2 is read as the header row');
  });

  it('still reads a lone "Event Name" row as the header when nothing better follows, and says what it lacks', () => {
    const { problems } = read([
      ['Event Name', 'Notes'],
      ['Order Completed', ''],
    ]);
    expect(problems.map((p) => p.message)).toContain(
      'The header row (row 1) has no "Property Name" column. Add a column headed Property Name.',
    );
  });

  it('says nothing of a header under banner rows that name no column', () => {
    const { headerRow, problems } = read([['Segment tracking plan'], ['One row per event and per property.'], HEADER, ...ROWS]);
    expect(headerRow).toBe(3);
    expect(problems.map((p) => [p.cell, p.message])).toEqual([['C5', 'Property "total" has no description.']]);
  });
});

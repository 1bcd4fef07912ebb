// A `$ref` in a JSON Schema cell must point at something in its rule: validate said "0 errors" for
// {"$ref": "#/definitions/missing"}, and then check could not compile the rule (issue 17 review).
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import type { Problem } from '../../src/plan/problems';
import { refProblems } from '../../src/schema/refs';
import { cliAsync } from '../helpers/cli';
import { col, parseRows, RowSpec } from '../helpers/sheet';

function problemsOf(rows: RowSpec[]): Problem[] {
  const { plan, columns } = parseRows(rows);
  return refProblems(plan, { sheet: 'Tracking Plan', columns });
}

const EVENT: RowSpec = { eventName: 'Order Completed', eventDescription: 'An order is placed' };

describe('$ref in JSON Schema cells', () => {
  it('is an error at its cell when it points at nothing in the rule', () => {
    const problems = problemsOf([
      EVENT,
      { propertyName: 'total', propertyDescription: 'Total', propertyType: 'number', jsonSchema: '{"$ref": "#/definitions/missing"}' },
    ]);
    expect(problems).toEqual([
      {
        sheet: 'Tracking Plan',
        row: 3,
        column: col('jsonSchema'),
        cell: `${col('jsonSchema')}3`,
        severity: 'error',
        message:
          'JSON Schema: $ref "#/definitions/missing" points at nothing in the rule for Order Completed v1, so Segment cannot check against it. Add definitions.missing to the event\'s JSON Schema cell, or correct the reference.',
      },
    ]);
  });

  it('passes when the event row defines what it points at, and for a pointer into the rule itself', () => {
    expect(
      problemsOf([
        { ...EVENT, jsonSchema: '{"definitions": {"money": {"type": "number", "minimum": 0}}}' },
        { propertyName: 'total', propertyDescription: 'Total', propertyType: 'number', jsonSchema: '{"$ref": "#/definitions/money"}' },
        {
          propertyName: 'tax',
          propertyDescription: 'Tax',
          propertyType: 'number',
          jsonSchema: '{"$ref": "#/properties/properties/properties/total"}',
        },
      ]),
    ).toEqual([]);
  });

  it('warns of a reference outside the rule (a URL), which neither check nor Segment is known to fetch', () => {
    const problems = problemsOf([
      EVENT,
      {
        propertyName: 'total',
        propertyDescription: 'Total',
        propertyType: 'number',
        jsonSchema: '{"$ref": "https://example.com/money.json"}',
      },
    ]);
    expect(problems.map((p) => [p.cell, p.severity, p.message])).toEqual([
      [
        `${col('jsonSchema')}3`,
        'warning',
        'JSON Schema: $ref "https://example.com/money.json" points outside the rule for Order Completed v1; Segment\'s documentation says nothing of fetching other schemas, and check cannot. Copy what it points at into definitions in the event\'s JSON Schema cell.',
      ],
    ]);
  });

  it('stops validate and build, as the add-on Validate does (validate said 0 errors)', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'refs-')), 'plan.csv');
    writeFileSync(
      file,
      [
        'Event Name,Event Description,Property Name,Property Description,Property Type,JSON Schema',
        'Order Completed,An order is placed,,,,',
        ',,total,Total,number,"{""$ref"": ""#/definitions/missing""}"',
      ].join('\n'),
    );
    const run = await cliAsync(['validate', file]);
    expect([run.status, run.stdout.split('\n')[0]]).toEqual([
      1,
      'Tracking Plan!F3 error: JSON Schema: $ref "#/definitions/missing" points at nothing in the rule for Order Completed v1, so Segment cannot check against it. Add definitions.missing to the event\'s JSON Schema cell, or correct the reference.',
    ]);
    const built = await cliAsync(['build', file]);
    expect([built.status, built.stdout]).toEqual([1, '']);
  });
});

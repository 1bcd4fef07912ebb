// The analyst's own columns through the CLI (issue 19, item 5): a CSV with Owner, Jira and a lifecycle Status
// validates with no word about them and builds the same rules as without them; --label-columns and
// --notes-columns stand in for the Importer Settings rows a CSV cannot hold.
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { toCsv } from '../../src/workbook/csv';
import { cliAsync } from '../helpers/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-own-'));
function csvFile(name: string, rows: string[][]): string {
  const file = path.join(dir, name);
  writeFileSync(file, toCsv(rows));
  return file;
}

const plain = csvFile('plain.csv', [
  ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type'],
  ['Signed In', 'A user signs in', '', '', ''],
  ['', '', 'method', 'How they signed in', 'string'],
]);
const annotated = csvFile('annotated.csv', [
  ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type', 'Owner', 'Jira', 'Status', 'Design Link'],
  ['Signed In', 'A user signs in', '', '', '', 'growth-team', 'GRO-1', 'Planned', 'https://figma.example/1'],
  ['', '', 'method', 'How they signed in', 'string', 'growth-team', 'GRO-2', 'Implemented', ''],
]);

interface Body {
  tracking_plan: { rules: { events: Array<{ name: string; rules: { labels?: Record<string, string> } }> } };
}

async function built(file: string, ...flags: string[]): Promise<Body> {
  const run = await cliAsync(['build', file, ...flags]);
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as Body;
}

describe("validate and build: the analyst's own columns", () => {
  it('Owner, Jira and a lifecycle Status pass without a word; a column nobody names is still said', async () => {
    const run = await cliAsync(['validate', annotated]);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').filter((l) => l.includes('Tracking Plan!'))).toEqual([
      'Tracking Plan!I1 warning: Column "Design Link" is not read, so what it holds is not sent. Rename it to one of Event Type, Event Name, Event Description, Property Name, Property Description, Property Type, Required, Allowed Values, Pattern, Min, Max, Labels, Version, JSON Schema (or another tool\'s spelling of one, such as Data Type or Permitted Values), or delete it.',
    ]);
  });

  it('--notes-columns keeps a column quietly; the built rules equal those of the sheet without the columns', async () => {
    const run = await cliAsync(['validate', annotated, '--notes-columns', 'Design Link']);
    expect([run.status, run.stdout.includes('Tracking Plan!')]).toEqual([0, false]);
    expect(await built(annotated, '--notes-columns', 'Design Link')).toEqual(await built(plain));
  });

  it('--label-columns Owner makes owner:growth-team a label of Signed In', async () => {
    const body = await built(annotated, '--label-columns', 'Owner', '--notes-columns', 'Design Link');
    expect(body.tracking_plan.rules.events.map((e) => [e.name, e.rules.labels])).toEqual([['Signed In', { owner: 'growth-team' }]]);
  });
});

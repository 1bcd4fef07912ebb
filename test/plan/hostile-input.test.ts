// Cells an attacker (or a bad paste) could write: names JavaScript reserves, and long cells that made
// backtracking regexes take seconds. Each is a problem at its cell, found quickly.
import { buildConfigRules } from '../../src/schema/build-rules';
import { col, errors, parseRows, planGrid } from '../helpers/sheet';
import { parseTrackingPlan } from '../../src/plan/parse-plan';

describe('names JavaScript reserves', () => {
  it('a JSON Schema cell with a "__proto__" key is an error at its cell, not a crash', () => {
    const { problems } = parseRows([
      { eventName: 'Signed Up', eventDescription: 'd' },
      { propertyName: 'plan', propertyDescription: 'd', propertyType: 'string', jsonSchema: '{"__proto__":{"type":"integer"}}' },
      { propertyName: 'deep', propertyDescription: 'd', propertyType: 'object', jsonSchema: '{"properties":{"a":{"__proto__":{}}}}' },
    ]);
    expect(errors(problems).map((p) => [p.cell, p.message])).toEqual([
      [`${col('jsonSchema')}3`, expect.stringContaining('__proto__ uses the key "__proto__", which JavaScript reserves')],
      [`${col('jsonSchema')}4`, expect.stringContaining('properties.a.__proto__ uses the key "__proto__"')],
    ]);
  });

  it('properties named __proto__, constructor or prototype (at any depth) are errors at their cell', () => {
    const { problems } = parseRows([
      { eventName: 'Signed Up', eventDescription: 'd' },
      { propertyName: '__proto__', propertyDescription: 'd', propertyType: 'string' },
      { propertyName: 'address.constructor', propertyDescription: 'd', propertyType: 'string' },
      { propertyName: 'prototype', propertyDescription: 'd', propertyType: 'string' },
    ]);
    expect(errors(problems).map((p) => p.cell)).toEqual([`${col('propertyName')}3`, `${col('propertyName')}4`, `${col('propertyName')}5`]);
    expect(errors(problems)[0].message).toBe(
      'Property Name "__proto__" uses "__proto__", a name JavaScript gives every object: validators and analytics libraries mishandle it. Rename the property.',
    );
  });

  it('a label keyed __proto__ is an error, and the other labels stay', () => {
    const { plan, problems } = parseRows([{ eventName: 'Signed Up', eventDescription: 'd', labels: '__proto__:x, team:growth' }]);
    expect(errors(problems).map((p) => [p.cell, p.message])).toEqual([
      [`${col('labels')}2`, 'Label "__proto__:x" uses "__proto__", a name JavaScript gives every object, as its key. Rename the label.'],
    ]);
    expect(plan.events[0].labels).toEqual([['team', 'growth']]);
  });

  it('a schema property named constructor inside a JSON Schema cell is kept as a property', () => {
    const { plan, problems } = parseRows([
      { eventName: 'Built', eventDescription: 'd' },
      {
        propertyName: 'tool',
        propertyDescription: 'd',
        propertyType: 'object',
        jsonSchema: '{"properties":{"constructor":{"type":"string"}},"required":["constructor"]}',
      },
    ]);
    expect(errors(problems)).toEqual([]);
    const tool = JSON.parse(JSON.stringify(buildConfigRules(plan))).events[0].rules.properties.properties.properties.tool;
    expect(tool.properties).toEqual({ constructor: { type: 'string' } });
    expect(tool.required).toEqual(['constructor']);
  });
});

describe('long cells', () => {
  it('a cell over 50,000 characters (Sheets’ limit) is an error at its cell', () => {
    const { problems } = parseRows([
      { eventName: 'Signed Up', eventDescription: 'd' },
      { propertyName: 'n', propertyDescription: 'd', propertyType: 'number', min: '1'.repeat(100_000) },
    ]);
    expect(errors(problems).map((p) => [p.cell, p.message])).toEqual([
      [`${col('min')}3`, 'The cell holds 100,000 characters; a Google Sheets cell holds at most 50,000. Shorten it.'],
    ]);
  });

  it('cells just under the limit that used to make regexes backtrack are checked in linear time', () => {
    const n = 49_999;
    const plan = (bad: boolean) => {
      const grid = planGrid([
        { eventName: 'Signed Up', eventDescription: 'd' },
        {
          propertyName: 'n',
          propertyDescription: 'd',
          propertyType: 'number',
          min: `${'1'.repeat(n - 1)}${bad ? 'x' : '1'}`,
          max: `${'2'.repeat(n - 1)}${bad ? 'e' : '2'}`,
        },
        { propertyName: bad ? `a${' '.repeat(n - 3)}b\nc` : `a${'_'.repeat(n - 3)}bc`, propertyDescription: 'd', propertyType: 'string' },
      ]);
      grid[0].push(`${'?'.repeat(n - 1)}${bad ? 'x' : '?'}`);
      return grid;
    };
    // The cells that made the old regexes backtrack (10.7 s for the Min cell alone), against cells of the same
    // length that never did: linear, both take the same few milliseconds on any machine; backtracking, the first
    // takes thousands of times longer. The fastest of three runs of each, so a pause for garbage collection does not count.
    const fastest = (grid: ReturnType<typeof plan>) => {
      let best = Infinity;
      let problems: ReturnType<typeof parseTrackingPlan>['problems'] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        problems = parseTrackingPlan(grid).problems;
        best = Math.min(best, performance.now() - started);
      }
      return { best, problems };
    };
    const hard = fastest(plan(true));
    const easy = fastest(plan(false));
    expect(errors(hard.problems).map((p) => p.cell)).toEqual([`${col('min')}3`, `${col('max')}3`, `${col('propertyName')}4`]);
    expect(hard.best).toBeLessThan(20 * easy.best + 20);
  });
});

describe('long cells in messages', () => {
  const long = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');

  it('a message quotes the first 100 characters of a cell, an ellipsis and the full length', () => {
    const type = long(49_999);
    const name = `${long(30_000)} 🚀`;
    const { problems } = parseRows([
      { eventName: 'Signed Up', eventDescription: 'd' },
      { propertyName: name, propertyDescription: 'd', propertyType: 'string' },
      { propertyName: 'kind', propertyDescription: 'd', propertyType: type },
    ]);
    expect(errors(problems).map((p) => [p.cell, p.message])).toEqual([
      [
        `${col('propertyName')}3`,
        `Property Name "${long(100)}…" (30,003 characters) contains an emoji, which Segment rejects in tracking plans. Remove it.`,
      ],
      [
        `${col('propertyType')}4`,
        `Unknown Property Type "${long(100)}…" (49,999 characters). Use one of: string, number, integer, boolean, object, array, null, any, date-time; several comma-separated (string, null).`,
      ],
    ]);
  });

  it('a cut never splits an emoji in two, and a cell of 100 characters is quoted whole', () => {
    const { problems } = parseRows([
      { eventName: `${long(99)}🚀${long(50)}`, eventDescription: 'd' },
      { eventName: `${long(98)}🚀`, eventDescription: 'd' },
    ]);
    const [cut, whole] = errors(problems).map((p) => p.message);
    expect(cut).toBe(`Event Name "${long(99)}…" (151 characters) contains an emoji, which Segment rejects in tracking plans. Remove it.`);
    // 🚀 is two UTF-16 units, as Sheets counts a cell's characters.
    expect(whole).toBe(`Event Name "${long(98)}🚀" contains an emoji, which Segment rejects in tracking plans. Remove it.`);
  });
});

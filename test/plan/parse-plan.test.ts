import { configApi } from '../../src/segment/config-api';
import { publicApi } from '../../src/segment/public-api';
import * as codecs from '../../src/plan/cell-codecs';
import { parseTrackingPlan } from '../../src/plan/parse-plan';
import type { PropertyDefinition } from '../../src/plan/model';
import { cells, col, errors, parseRows, planGrid, warnings } from '../helpers/sheet';

const E = col('eventName');
const T = col('eventType');
const P = col('propertyName');
const PT = col('propertyType');
const R = col('required');
const AV = col('allowedValues');
const PAT = col('pattern');
const MIN = col('min');
const MAX = col('max');
const V = col('version');
const L = col('labels');
const ED = col('eventDescription');
const PD = col('propertyDescription');

function described<T extends object>(row: T): T & { eventDescription?: string; propertyDescription?: string } {
  return row;
}

function prop(props: readonly PropertyDefinition[], path: string): PropertyDefinition {
  let list = props;
  let found: PropertyDefinition | undefined;
  for (const key of path.split('.')) {
    found = key === '$' ? found?.items : list.find((p) => p.key === key);
    if (!found) throw new Error(`no ${path}`);
    list = found.properties;
  }
  return found as PropertyDefinition;
}

describe('header row', () => {
  it('is found below banner rows, columns in any order, headers in any case with a trailing ?', () => {
    const grid = [
      ['My company tracking plan', '', ''],
      ['', '', ''],
      ['property name', 'Required?', '  EVENT NAME ', 'Notes', 'Fires when...'],
      ['', '', 'Signed In', 'ignored column', 'When they sign in'],
      ['method', true, '', 'x', ''],
    ];
    const { plan, problems } = parseTrackingPlan(grid);
    expect(errors(problems)).toEqual([]);
    expect(plan.events).toHaveLength(1);
    expect(plan.events[0]).toMatchObject({ name: 'Signed In', description: 'When they sign in', row: 4 });
    expect(plan.events[0].properties[0]).toMatchObject({ key: 'method', required: true, row: 5 });
  });

  it('is an error when no row among the first 30 reads Event Name', () => {
    const { problems } = parseTrackingPlan([['Event'], ['Step', 'Notes'], ['Signed In', 'method']]);
    expect(problems).toEqual([
      expect.objectContaining({
        sheet: 'Tracking Plan',
        cell: null,
        severity: 'error',
        message: expect.stringContaining('No header row found'),
      }),
    ]);
  });

  it('says, when no header row is found, every spelling of Event Name it looks for', () => {
    const { problems } = parseTrackingPlan([
      ['Name', 'Description'],
      ['Signed In', 'A user signs in'],
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      'No header row found: none of the first 30 rows has a cell reading "Event Name" (or "Object Name", "Entity Name", or "Event" beside another known column). Add a header row that names the columns (Event Name, Property Name, Property Type, ...).',
    ]);
  });

  it("is also found by another tool's Event Name spelling beside a second known column, not by a title", () => {
    const { plan } = parseTrackingPlan([['Event'], ['Event', 'Property', 'Property Type'], ['Signed In', 'method', 'string']]);
    expect(plan.events.map((e) => [e.name, e.row, e.properties.map((p) => p.key)])).toEqual([['Signed In', 3, ['method']]]);
  });

  it('is not searched past row 30', () => {
    const grid = [...Array.from({ length: 30 }, () => ['']), ['Event Name', 'Property Name']];
    expect(errors(parseTrackingPlan(grid).problems)[0].message).toContain('No header row');
  });

  it('is an error when there is no Property Name column', () => {
    const { problems } = parseTrackingPlan([
      ['Event Name', 'Event Description'],
      ['Signed In', 'x'],
    ]);
    expect(errors(problems)[0].message).toContain('no "Property Name" column');
  });
});

describe('rows', () => {
  it('skips rows whose recognised cells are blank and keeps the grouped event across them', () => {
    const { plan, problems } = parseRows([
      { eventName: 'Signed In', eventDescription: 'd' },
      {},
      { propertyName: 'method', propertyDescription: 'd' },
    ]);
    expect(problems).toEqual([]);
    expect(plan.events[0].properties.map((p) => p.key)).toEqual(['method']);
  });

  it('reads the flat layout (event name on every row) and merges an event written in several blocks', () => {
    const { plan, problems } = parseRows([
      { eventName: 'A', eventDescription: 'a', propertyName: 'x', propertyDescription: 'd' },
      { eventName: 'B', eventDescription: 'b', propertyName: 'y', propertyDescription: 'd' },
      { eventName: 'A', propertyName: 'z', propertyDescription: 'd' },
    ]);
    expect(problems).toEqual([]);
    expect(plan.events.map((e) => [e.name, e.properties.map((p) => p.key)])).toEqual([
      ['A', ['x', 'z']],
      ['B', ['y']],
    ]);
  });

  it('puts identify, group and common rows into their own rules, grouped like events', () => {
    const { plan, problems } = parseRows([
      { eventType: 'Identify', propertyName: 'email', propertyDescription: 'd' },
      { propertyName: 'name', propertyDescription: 'd' },
      { eventType: 'group', propertyName: 'plan', propertyDescription: 'd' },
      { eventType: 'global', propertyName: 'context.ip', propertyDescription: 'd' },
    ]);
    expect(errors(problems)).toEqual([]);
    expect(plan.events.map((e) => [e.type, e.name, e.properties.map((p) => p.key)])).toEqual([
      ['identify', '', ['email', 'name']],
      ['group', '', ['plan']],
      ['common', '', ['context']],
    ]);
  });

  it('errors on a property row with no event above it, at the Property Name cell', () => {
    const { problems } = parseRows([{ propertyName: 'orphan' }, { eventName: 'A', eventDescription: 'a' }]);
    expect(errors(problems)).toEqual([
      expect.objectContaining({ cell: `${P}2`, row: 2, column: P, message: expect.stringContaining('has no event') }),
    ]);
  });

  it('errors on values in a row that has neither Event Name nor Property Name', () => {
    const { problems } = parseRows([{ propertyDescription: 'lost words' }]);
    expect(cells(errors(problems))).toEqual([`${E}2`]);
  });

  it('errors on property cells filled on an event row', () => {
    const { problems } = parseRows([{ eventName: 'A', eventDescription: 'a', propertyType: 'string' }]);
    expect(cells(errors(problems))).toEqual([`${PT}2`]);
    expect(errors(problems)[0].message).toContain('no Property Name');
  });

  it('errors on an unknown Event Type, listing the allowed ones', () => {
    const { problems } = parseRows([{ eventType: 'alias', eventName: 'A', eventDescription: 'a' }]);
    expect(errors(problems)).toEqual([expect.objectContaining({ cell: `${T}2` })]);
    expect(errors(problems)[0].message).toMatch(/track, identify, group, page, screen, common/);
  });

  it('errors on page and screen rows for the Config API (at their Event Type cell), not for the Public API', () => {
    const rows = [
      { eventType: 'page', eventName: 'Home', eventDescription: 'a' },
      { eventType: 'screen', eventName: 'Cart', eventDescription: 'a' },
    ];
    const parsed = parseRows(rows);
    expect(errors(parsed.problems)).toEqual([]);
    const at = { sheet: 'Tracking Plan', columns: parsed.columns };
    const config = configApi.planProblems(parsed.plan, at);
    expect(cells(config)).toEqual([`${T}2`, `${T}3`]);
    expect(config[0].message).toBe(
      'page rules cannot be uploaded through the Config API (rs_ plan ids). Use a Public API plan (tp_ id) or make the row a track event.',
    );
    expect(publicApi.planProblems(parsed.plan, at)).toEqual([]);
  });

  it('errors on an Event Name on identify rows', () => {
    expect(cells(errors(parseRows([{ eventType: 'identify', eventName: 'Who', propertyName: 'email' }]).problems))).toEqual([`${E}2`]);
  });

  it('errors on a grouped row whose Event Type contradicts the event above', () => {
    const { problems } = parseRows([
      { eventName: 'A', eventDescription: 'a' },
      { eventType: 'page', propertyName: 'x', propertyDescription: 'd' },
    ]);
    expect(cells(errors(problems))).toEqual([`${T}3`]);
  });

  it.each(['#REF!', '#N/A', '#VALUE!', '#NAME?', '#DIV/0!', '#NUM!', '#NULL!', '#ERROR!'])('errors on a cell showing %s', (error) => {
    const { problems } = parseRows([
      { eventName: 'A', eventDescription: 'a' },
      { propertyName: 'x', propertyType: error },
    ]);
    expect(errors(problems)).toEqual([expect.objectContaining({ cell: `${PT}3`, message: expect.stringContaining(error) })]);
  });
});

describe('names', () => {
  it('errors on a line break inside an event or property name', () => {
    const { problems } = parseRows([{ eventName: 'Order\nCompleted', eventDescription: 'a' }, { propertyName: 'a\nb' }]);
    expect(cells(errors(problems))).toEqual([`${E}2`, `${P}3`]);
    expect(errors(problems)[0].message).toContain('line break');
  });

  it('errors on emoji in names, descriptions and values, but not on © or ™', () => {
    const { problems } = parseRows([
      { eventName: 'Liked 👍', eventDescription: 'Fires 🚀' },
      { propertyName: 'mood', propertyDescription: 'Mood™ ©', propertyType: 'string', allowedValues: 'happy, 😀' },
    ]);
    expect(cells(errors(problems))).toEqual([`${E}2`, `${ED}2`, `${AV}3`]);
  });

  it('trims surrounding spaces with a warning', () => {
    const { plan, problems } = parseRows([
      { eventName: ' Signed In ', eventDescription: 'a' },
      { propertyName: 'method  ', propertyDescription: 'd' },
    ]);
    expect(plan.events[0].name).toBe('Signed In');
    expect(plan.events[0].properties[0].key).toBe('method');
    expect(cells(warnings(problems))).toEqual([`${E}2`, `${P}3`]);
  });

  it('warns about event names that differ only in case or spacing', () => {
    const { problems } = parseRows([
      { eventName: 'Order Completed', eventDescription: 'a' },
      { eventName: 'order  completed', eventDescription: 'a' },
    ]);
    expect(warnings(problems)).toEqual([
      expect.objectContaining({ cell: `${E}3`, message: expect.stringContaining('only in case or spacing') }),
    ]);
  });

  it('warns about missing event and property descriptions', () => {
    const { problems } = parseRows([{ eventName: 'A' }, { propertyName: 'x' }]);
    expect(cells(warnings(problems))).toEqual([`${ED}2`, `${PD}3`]);
  });
});

describe('properties', () => {
  const event = described({ eventName: 'E', eventDescription: 'e' });

  it('nests dotted paths and makes `.$` and `[]` array items', () => {
    const { plan, problems } = parseRows([
      event,
      { propertyName: 'address', propertyType: 'object', propertyDescription: 'd' },
      { propertyName: 'address.city', propertyType: 'string', propertyDescription: 'd' },
      { propertyName: 'products', propertyType: 'array', propertyDescription: 'd' },
      { propertyName: 'products[]', propertyType: 'object', propertyDescription: 'd' },
      { propertyName: 'products[].sku', propertyType: 'string', propertyDescription: 'd' },
      { propertyName: 'tags.$', propertyType: 'string', propertyDescription: 'd' },
    ]);
    const props = plan.events[0].properties;
    expect(prop(props, 'address.city').types).toEqual(['string']);
    expect(prop(props, 'products.$.sku').path).toBe('products.$.sku');
    expect(prop(props, 'tags')).toMatchObject({ types: ['array'], implicit: true });
    expect(prop(props, 'tags.$').types).toEqual(['string']);
    expect(errors(problems)).toEqual([]);
    expect(warnings(problems)).toEqual([
      expect.objectContaining({ cell: `${P}8`, message: expect.stringContaining('"tags" has no row of its own') }),
    ]);
  });

  it('creates implicit parents with a warning, and fills them in when their row comes later', () => {
    const { plan, problems } = parseRows([
      event,
      { propertyName: 'a.b.c', propertyType: 'string', propertyDescription: 'd' },
      { propertyName: 'a', propertyType: 'object', required: true, propertyDescription: 'the a' },
    ]);
    expect(cells(warnings(problems))).toEqual([`${P}3`, `${P}3`]);
    expect(prop(plan.events[0].properties, 'a')).toMatchObject({ implicit: false, required: true, description: 'the a' });
    expect(prop(plan.events[0].properties, 'a.b')).toMatchObject({ implicit: true, types: ['object'] });
  });

  it('errors on a child under a parent that is neither object nor array', () => {
    const { problems } = parseRows([
      event,
      { propertyName: 'name', propertyType: 'string', propertyDescription: 'd' },
      { propertyName: 'name.first', propertyType: 'string', propertyDescription: 'd' },
      { propertyName: 'list', propertyType: 'array', propertyDescription: 'd' },
      { propertyName: 'list.sku', propertyType: 'string', propertyDescription: 'd' },
      { propertyName: 'obj', propertyType: 'object', propertyDescription: 'd' },
      { propertyName: 'obj.$', propertyType: 'string', propertyDescription: 'd' },
    ]);
    expect(cells(errors(problems))).toEqual([`${P}4`, `${P}6`, `${P}8`]);
    expect(errors(problems)[1].message).toContain('list.$.sku');
  });

  it('errors on malformed paths', () => {
    const { problems } = parseRows([event, { propertyName: 'a..b' }, { propertyName: '$.x' }, { propertyName: '.a' }]);
    expect(cells(errors(problems))).toEqual([`${P}3`, `${P}4`, `${P}5`]);
  });

  it('errors on the same property defined twice differently, and accepts an identical repeat', () => {
    const { problems } = parseRows([
      event,
      { propertyName: 'x', propertyType: 'string', propertyDescription: 'd' },
      { propertyName: 'x', propertyType: 'string', propertyDescription: 'd' },
      { propertyName: 'x', propertyType: 'number', propertyDescription: 'd' },
      { propertyName: 'x', propertyType: 'string', propertyDescription: 'other words' },
    ]);
    expect(cells(errors(problems))).toEqual([`${P}5`, `${PD}6`]);
    expect(errors(problems)[0].message).toContain('row 3');
  });

  it('reads types case-insensitively, with date-time aliases and comma-separated unions; blank is any', () => {
    const { plan, problems } = parseRows([
      event,
      { propertyName: 'a', propertyType: 'String', propertyDescription: 'd' },
      { propertyName: 'b', propertyType: 'Date', propertyDescription: 'd' },
      { propertyName: 'c', propertyType: 'Date time, null', propertyDescription: 'd' },
      { propertyName: 'd', propertyType: 'null, NUMBER', propertyDescription: 'd' },
      { propertyName: 'e', propertyType: '', propertyDescription: 'd' },
      { propertyName: 'f', propertyType: 'any', propertyDescription: 'd' },
      { propertyName: 'g', propertyType: 'Datetime', propertyDescription: 'd' },
    ]);
    expect(problems).toEqual([]);
    const [a, b, c, d, e, f, g] = plan.events[0].properties;
    expect(a.types).toEqual(['string']);
    expect([b.types, b.format]).toEqual([['string'], 'date-time']);
    expect([c.types, c.format]).toEqual([['string', 'null'], 'date-time']);
    expect(d.types).toEqual(['number', 'null']);
    expect(e.types).toEqual([]);
    expect(f.types).toEqual([]);
    expect(g.format).toBe('date-time');
  });

  it('errors on an unknown Property Type, suggesting the nearest and listing the allowed ones', () => {
    const { problems } = parseRows([event, { propertyName: 'a', propertyType: 'strng' }]);
    expect(errors(problems)).toEqual([expect.objectContaining({ cell: `${PT}3` })]);
    expect(errors(problems)[0].message).toContain('Unknown Property Type "strng". Did you mean string?');
    expect(errors(problems)[0].message).toMatch(/string, number, integer, boolean, object, array, null, any, date-time/);
  });

  it('looks up the nearest type once for a misspelling repeated down the column', () => {
    const lookups = jest.spyOn(codecs, 'nearestTypeName');
    try {
      const rows = Array.from({ length: 500 }, (_, i) => ({ propertyName: `p${i}`, propertyType: 'strng' }));
      const { problems } = parseRows([event, ...rows]);
      expect(errors(problems).map((p) => p.cell)).toEqual(rows.map((_, i) => `${PT}${i + 3}`));
      expect(new Set(errors(problems).map((p) => p.message)).size).toBe(1);
      expect(lookups).toHaveBeenCalledTimes(1);
    } finally {
      lookups.mockRestore();
    }
  });

  it.each([
    [true, true],
    [false, false],
    ['TRUE', true],
    ['yes', true],
    ['Y', true],
    ['x', true],
    ['Required', true],
    ['no', false],
    ['n', false],
    ['optional', false],
    ['', false],
  ])('reads Required %p as %p', (cell, expected) => {
    const { plan, problems } = parseRows([event, { propertyName: 'a', required: cell, propertyDescription: 'd' }]);
    expect(problems).toEqual([]);
    expect(plan.events[0].properties[0].required).toBe(expected);
  });

  it('errors on a Required value it cannot read', () => {
    expect(cells(errors(parseRows([event, { propertyName: 'a', required: 'maybe' }]).problems))).toEqual([`${R}3`]);
  });

  it('converts Allowed Values to the property type, with null allowed for nullable types', () => {
    const { plan, problems } = parseRows([
      event,
      { propertyName: 's', propertyType: 'string', allowedValues: 'a, b ,c', propertyDescription: 'd' },
      { propertyName: 'n', propertyType: 'number', allowedValues: '1, 2.5, -3', propertyDescription: 'd' },
      { propertyName: 'i', propertyType: 'integer', allowedValues: 10, propertyDescription: 'd' },
      { propertyName: 'b', propertyType: 'boolean', allowedValues: 'TRUE,false', propertyDescription: 'd' },
      { propertyName: 'sn', propertyType: 'string, null', allowedValues: 'x\ny, z', propertyDescription: 'd' },
      { propertyName: 'nn', propertyType: 'integer, null', allowedValues: '1, null', propertyDescription: 'd' },
    ]);
    expect(problems).toEqual([]);
    expect(plan.events[0].properties.map((p) => p.enum)).toEqual([
      ['a', 'b', 'c'],
      [1, 2.5, -3],
      [10],
      [true, false],
      ['x', 'y, z', null],
      [1, null],
    ]);
  });

  it('errors on Allowed Values that do not fit the type, and on enums of objects', () => {
    const { problems } = parseRows([
      event,
      { propertyName: 'i', propertyType: 'integer', allowedValues: '1, 1.5' },
      { propertyName: 'n', propertyType: 'number', allowedValues: 'one' },
      { propertyName: 'b', propertyType: 'boolean', allowedValues: 'yes' },
      { propertyName: 'o', propertyType: 'object', allowedValues: 'a' },
    ]);
    expect(cells(errors(problems))).toEqual([`${AV}3`, `${AV}4`, `${AV}5`, `${AV}6`]);
    expect(errors(problems)[0].message).toContain('"1.5" is not an integer');
  });

  it('drops a repeated Allowed Value with a warning', () => {
    const { plan, problems } = parseRows([
      event,
      { propertyName: 'n', propertyType: 'number', allowedValues: '1, 1.0', propertyDescription: 'd' },
    ]);
    expect(plan.events[0].properties[0].enum).toEqual([1]);
    expect(cells(warnings(problems))).toEqual([`${AV}3`]);
  });

  it('errors on invalid patterns and on what RE2 refuses, and on patterns of non-strings', () => {
    const { problems } = parseRows([
      event,
      { propertyName: 'a', propertyType: 'string', pattern: '([a-z' },
      { propertyName: 'b', propertyType: 'string', pattern: '^(?=.*\\d).+$' },
      { propertyName: 'c', propertyType: 'string', pattern: '(?<!x)y' },
      { propertyName: 'd', propertyType: 'string', pattern: '(a)\\1' },
      { propertyName: 'e', propertyType: 'number', pattern: '^\\d+$' },
      { propertyName: 'f', propertyType: 'string', pattern: '^[(?=]\\d{2}\\.(?P<x>y)$', propertyDescription: 'd' },
    ]);
    expect(cells(errors(problems))).toEqual([`${PAT}3`, `${PAT}4`, `${PAT}5`, `${PAT}6`, `${PAT}7`]);
    expect(errors(problems).map((p) => p.message)).toEqual([
      expect.stringContaining('not a valid regular expression'),
      expect.stringContaining('lookahead'),
      expect.stringContaining('lookbehind'),
      expect.stringContaining('backreference'),
      expect.stringContaining('applies to strings'),
    ]);
  });

  it('reads Min/Max as bounds of numbers, lengths of strings and counts of arrays', () => {
    const { plan, problems } = parseRows([
      event,
      { propertyName: 'n', propertyType: 'number', min: -1.5, max: '10', propertyDescription: 'd' },
      { propertyName: 's', propertyType: 'string', min: 2, max: 5, propertyDescription: 'd' },
      { propertyName: 'a', propertyType: 'array', max: 3, propertyDescription: 'd' },
    ]);
    expect(problems).toEqual([]);
    expect(plan.events[0].properties.map((p) => [p.min, p.max])).toEqual([
      [-1.5, 10],
      [2, 5],
      [undefined, 3],
    ]);
  });

  it('errors on Min/Max that do not apply or make no sense', () => {
    const { problems } = parseRows([
      event,
      { propertyName: 'b', propertyType: 'boolean', min: 1 },
      { propertyName: 's', propertyType: 'string', min: 1.5 },
      { propertyName: 'n', propertyType: 'number', min: 'ten' },
      { propertyName: 'r', propertyType: 'number', min: 5, max: 1 },
    ]);
    expect(cells(errors(problems))).toEqual([`${MIN}3`, `${MIN}4`, `${MIN}5`, `${MAX}6`]);
  });
});

describe('event cells', () => {
  it('reads version and labels', () => {
    const { plan, problems } = parseRows([{ eventName: 'A', eventDescription: 'a', version: 3, labels: 'team:growth, priority: high' }]);
    expect(problems).toEqual([]);
    expect(plan.events[0]).toMatchObject({
      version: 3,
      labels: [
        ['team', 'growth'],
        ['priority', 'high'],
      ],
    });
  });

  it('defaults the version to 1', () => {
    expect(parseRows([{ eventName: 'A', eventDescription: 'a' }]).plan.events[0].version).toBe(1);
  });

  it.each([0, -1, 1.5, 'v2', 'two'])('errors on Version %p', (version) => {
    const { problems } = parseRows([{ eventName: 'A', eventDescription: 'a', version }]);
    expect(errors(problems)).toEqual([
      expect.objectContaining({ cell: `${V}2`, message: expect.stringContaining('positive whole number') }),
    ]);
  });

  it('errors on an event described twice differently', () => {
    const { problems } = parseRows([
      { eventName: 'A', eventDescription: 'one' },
      { eventName: 'A', eventDescription: 'two' },
    ]);
    expect(cells(errors(problems))).toEqual([`${ED}3`]);
    expect(errors(problems)[0].message).toContain('row 2');
  });

  it('reads each version of an event as a block of its own, and a later row without a Version adds to the last one', () => {
    const { plan, problems } = parseRows([
      { eventName: 'A', eventDescription: 'one', version: 1 },
      { propertyName: 'x', propertyDescription: 'd', propertyType: 'string' },
      { eventName: 'A', eventDescription: 'two', version: 2 },
      { propertyName: 'y', propertyDescription: 'd', propertyType: 'string' },
      { eventName: 'A', propertyName: 'z', propertyDescription: 'd', propertyType: 'string' },
    ]);
    expect(errors(problems)).toEqual([]);
    expect(plan.events.map((e) => [e.name, e.version, e.description, e.properties.map((p) => p.key)])).toEqual([
      ['A', 1, 'one', ['x']],
      ['A', 2, 'two', ['y', 'z']],
    ]);
  });

  it('errors on labels that are not key:value pairs, and on labels of identify rows', () => {
    const { problems } = parseRows([
      { eventName: 'A', eventDescription: 'a', labels: 'team' },
      { eventType: 'identify', labels: 'a:b' },
    ]);
    expect(cells(errors(problems))).toEqual([`${L}2`, `${L}3`]);
  });
});

describe('cell values as Sheets returns them', () => {
  it('handles numbers, booleans, Dates and an empty trailing grid', () => {
    const grid = planGrid([
      { eventName: 'A', eventDescription: 'a', version: 2 },
      { propertyName: 'n', propertyType: 'integer', required: true, allowedValues: 5, min: 0, max: 9, propertyDescription: 'd' },
      { propertyName: 'when', propertyType: 'string', allowedValues: new Date('2024-01-02T00:00:00Z'), propertyDescription: 'd' },
    ]);
    grid.push(new Array(grid[0].length).fill(''));
    const { plan, problems } = parseTrackingPlan(grid);
    expect(problems).toEqual([]);
    expect(plan.events[0].properties[0]).toMatchObject({ enum: [5], min: 0, max: 9, required: true });
    expect(plan.events[0].properties[1].enum).toEqual(['2024-01-02T00:00:00.000Z']);
  });
});

describe('the JSON Schema column', () => {
  const JS = col('jsonSchema');
  it('takes a JSON object for a property, or for the event on an event row', () => {
    const { plan, problems } = parseRows([
      { eventName: 'E', eventDescription: 'e', jsonSchema: '{"additionalProperties": false}' },
      { propertyName: 'email', propertyDescription: 'd', propertyType: 'string', jsonSchema: '{"format": "email", "description": null}' },
    ]);
    expect(problems).toEqual([]);
    expect(plan.events[0].schemaPatch).toEqual({ additionalProperties: false });
    expect(plan.events[0].properties[0].schemaPatch).toEqual({ format: 'email', description: null });
  });

  it.each([
    ['{"format": ', 'is not valid JSON'],
    ['[1, 2]', 'must be a JSON object'],
    ['{"type": "strin"}', 'type must name JSON types'],
    ['{"required": []}', 'required must be a non-empty list'],
    ['{"properties": {"a": {"minLength": -1}}}', 'properties.a.minLength must be a whole number'],
    ['{"pattern": "(["}', 'pattern is not a valid regular expression'],
  ])('errors on %s at its cell', (cell, message) => {
    const { problems } = parseRows([
      { eventName: 'E', eventDescription: 'e' },
      { propertyName: 'x', propertyDescription: 'd', jsonSchema: cell },
    ]);
    expect(errors(problems)).toEqual([expect.objectContaining({ cell: `${JS}3`, message: expect.stringContaining(message) })]);
  });

  it('errors on an event given two different JSON Schemas', () => {
    const { problems } = parseRows([
      { eventName: 'E', eventDescription: 'e', jsonSchema: '{"a": 1}' },
      { eventName: 'E', jsonSchema: '{"a": 2}' },
    ]);
    expect(cells(errors(problems))).toEqual([`${JS}3`]);
  });
});

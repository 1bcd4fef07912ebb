// Calls nobody would write but anybody may send: each is checked or refused on its own, and none stops the run.
import { ajvCompile, draft04Ajv, draft04Compile } from '../../src/cli/ajv-compile';
import { CallChecker, CompileSchema } from '../../src/events/check-calls';
import { readCalls } from '../../src/events/read-calls';
import { isDateTime } from '../../src/events/date-time';
import { subsetValidator } from '../../src/events/schema-subset';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parseRows, RowSpec } from '../helpers/sheet';

const walker: CompileSchema = (schema) => {
  const validate = subsetValidator(schema);
  if (!validate) throw new Error('the walker does not take this schema');
  return validate;
};
const COMPILERS: [string, () => CompileSchema][] = [
  ['walker', () => walker],
  ['ajv', ajvCompile],
];

function checkerOf(rows: RowSpec[], compile: CompileSchema) {
  const { plan, problems } = parseRows(rows);
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  return new CallChecker(plan, compile);
}

function callOf(text: string) {
  const { calls, unreadable } = readCalls(text);
  expect(unreadable).toEqual([]);
  return calls[0]!;
}

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const brief = (violations: { path: string; message: string; given: string }[]) => violations.map((v) => [v.path, v.message, v.given]);

describe('a value nested 10,000 deep', () => {
  const ROWS: RowSpec[] = [
    { eventName: 'E', eventDescription: 'd' },
    { propertyName: 'size', propertyDescription: 'd', propertyType: 'array', allowedValues: '' },
    { propertyName: 'kind', propertyDescription: 'd', propertyType: 'string', allowedValues: 'a, b' },
  ];

  it.each(COMPILERS)('is a violation showing its start, with %s', (_, compile) => {
    const result = checkerOf(ROWS, compile()).check(callOf(`{"type":"track","event":"E","properties":{"kind":${deep(10_000)}}}`));
    const shown = `${'['.repeat(77)}...`;
    expect(brief(result.violations)).toEqual([
      ['properties.kind', 'Invalid type. Expected: string, given: array', 'array'],
      ['properties.kind', 'properties.kind must be one of the following: "a", "b"', shown],
    ]);
  });

  it('as the event name is an unplanned event, and as the type an unreadable call', () => {
    const result = checkerOf(ROWS, draft04Compile()).check(callOf(`{"type":"track","event":"E","x":1}`.replace('"E"', '"F"')));
    expect(result.status).toBe('unplanned');
    const named = readCalls(`{"type":"track","event":${deep(10_000)}}`).calls[0]!;
    expect(checkerOf(ROWS, draft04Compile()).check(named).violations[0]!.given).toBe(`${'['.repeat(77)}...`);
    expect(readCalls(`{"type":${deep(10_000)}}`).unreadable).toEqual([
      { at: 'line 1', message: `has "type" ${'['.repeat(77)}...: expected one of track, identify, group, page, screen.` },
    ]);
  });
});

describe('properties named as JavaScript names every object', () => {
  const ROWS: RowSpec[] = [
    { eventName: 'E', eventDescription: 'd' },
    { propertyName: 'toString', propertyDescription: 'd', propertyType: 'string', required: true, allowedValues: 'a, b' },
    { propertyName: 'valueOf', propertyDescription: 'd', propertyType: 'string', required: true },
  ];

  it.each(COMPILERS)('a required toString or valueOf missing is reported missing, with %s', (_, compile) => {
    const result = checkerOf(ROWS, compile()).check(callOf('{"type":"track","event":"E","properties":{}}'));
    expect(brief(result.violations)).toEqual([
      ['properties.toString', 'properties.toString is required', 'missing'],
      ['properties.valueOf', 'properties.valueOf is required', 'missing'],
    ]);
  });

  it.each(COMPILERS)('a toString outside its Allowed Values is worded, with %s', (_, compile) => {
    const result = checkerOf(ROWS, compile()).check(callOf('{"type":"track","event":"E","properties":{"toString":"c","valueOf":"v"}}'));
    expect(brief(result.violations)).toEqual([
      ['properties.toString', 'properties.toString must be one of the following: "a", "b"', '"c"'],
    ]);
  });

  it.each(COMPILERS)('an optional toString with Allowed Values, absent, is no violation, with %s', (_, compile) => {
    const optional = ROWS.map((row) => ('propertyName' in row ? { ...row, required: false } : row));
    expect(checkerOf(optional, compile()).check(callOf('{"type":"track","event":"E","properties":{}}')).violations).toEqual([]);
  });
});

describe('a rule that cannot be compiled', () => {
  const ROWS: RowSpec[] = [
    { eventName: 'Broken', eventDescription: 'd', jsonSchema: '{"properties":{"properties":{"$ref":"#/definitions/nope"}}}' },
    { eventName: 'Fine', eventDescription: 'd' },
    { propertyName: 'total', propertyDescription: 'd', propertyType: 'number', required: true },
  ];

  it('is reported once, its calls are unchecked, and the other rules are still checked', () => {
    const checker = checkerOf(ROWS, draft04Compile());
    const broken = callOf('{"type":"track","event":"Broken"}');
    const first = checker.check(broken);
    const second = checker.check(broken);
    expect([first.status, second.status, first.violations, second.violations]).toEqual(['unchecked', 'unchecked', [], []]);
    expect(checker.check(callOf('{"type":"track","event":"Fine","properties":{}}')).violations.map((v) => v.message)).toEqual([
      'properties.total is required',
    ]);
    expect(checker.uncheckable).toEqual([
      { rule: 'track "Broken" v1', row: 2, reason: "can't resolve reference #/definitions/nope from id #" },
    ]);
  });

  it('says what failed in its own words: a compile that runs out of room is not "nested too deeply"', () => {
    const checker = checkerOf(ROWS, () => {
      throw new RangeError('Invalid string length');
    });
    expect(checker.check(callOf('{"type":"track","event":"Fine","properties":{}}')).status).toBe('unchecked');
    expect(checker.uncheckable.map((u) => u.reason)).toEqual(['Invalid string length']);
  });

  it('in the walker too (a pattern it cannot compile)', () => {
    const { plan } = parseRows(ROWS.slice(1));
    plan.events[0]!.properties[0]!.pattern = '(';
    const checker = new CallChecker(plan, walker);
    expect(checker.check(callOf('{"type":"track","event":"Fine","properties":{"total":1}}')).status).toBe('unchecked');
    expect(checker.uncheckable.map((u) => u.rule)).toEqual(['track "Fine" v1']);
  });
});

describe('context.protocols.event_version', () => {
  const VERSIONS: RowSpec[] = [
    { eventName: 'E', eventDescription: 'd', version: 1 },
    { propertyName: 'total', propertyDescription: 'd', propertyType: 'number', required: true },
    { eventName: 'E', eventDescription: 'd', version: 2 },
    { propertyName: 'revenue', propertyDescription: 'd', propertyType: 'number', required: true },
  ];
  const rule = (version: unknown) =>
    checkerOf(VERSIONS, draft04Compile())
      .check(callOf(JSON.stringify({ type: 'track', event: 'E', context: { protocols: { event_version: version } }, properties: {} })))
      .violations.map((v) => v.rule);

  it('a whole number picks its version; anything else (a string of digits too) is no version: the oldest', () => {
    expect(rule(2)).toEqual(['track "E" v2']);
    expect(rule(2.0)).toEqual(['track "E" v2']);
    for (const notAVersion of ['0x2', '2e0', ' 2 ', '2', 2.5, true, [2]])
      expect([notAVersion, rule(notAVersion)]).toEqual([notAVersion, ['track "E" v1']]);
  });
});

describe('date-time', () => {
  // Verdicts as RFC 3339 reads them, in ajv-formats' full mode (a leap second only at 23:59:60 UTC).
  const TABLE: [string, boolean][] = [
    ['2020-01-01T00:00:00Z', true],
    ['2020-01-01t00:00:00z', true],
    ['2020-01-01 00:00:00Z', true],
    ['2020-01-01T00:00:00.123456789+01:00', true],
    ['2020-01-01T00:00:00+0100', true],
    ['2020-01-01T00:00:00+01', true],
    ['2020-12-31T23:59:60Z', true],
    ['2020-12-31T22:59:60-01:00', true],
    ['2021-01-01T00:59:60+01:00', true],
    ['2020-12-31T23:59:60+01:00', false],
    ['2020-01-01T00:00:60Z', false],
    ['2020-01-01T00:00:00', false],
    ['2020-01-01T24:00:00Z', false],
    ['2020-02-29T00:00:00Z', true],
    ['2019-02-29T00:00:00Z', false],
    ['2020-01-01T00:00:00+24:00', false],
    ['2020-01-01T00:00Z', false],
    ['2020-01-01T00:00:00.Z', false],
    ['2020-01-01T00:00:00Z\n', false],
    ['2020-01-01TT00:00:00Z', false],
  ];
  const plain = new Ajv({ strict: false });
  addFormats(plain);
  const theirs = plain.compile({ format: 'date-time' });
  const ours = draft04Ajv().compile({ format: 'date-time' });

  it.each(TABLE)('%j: the walker, ajv as check runs it, and ajv-formats agree', (text, valid) => {
    expect([isDateTime(text), ours(text), theirs(text)]).toEqual([valid, valid, valid]);
  });
});

describe('string lengths', () => {
  const validate = subsetValidator({ type: 'string', maxLength: 10 })!;
  const atLeast = subsetValidator({ type: 'string', minLength: 3 })!;
  const text = 'x'.repeat(50_000_000);

  it('a 50 MB string gets the verdicts of its bounds (memory measured by hand: 1.1 GB before, 92 MB now), counted in code points', () => {
    expect(validate(text).map((e) => e.keyword)).toEqual(['maxLength']);
    expect(atLeast(text)).toEqual([]);
    expect(validate('😀'.repeat(10))).toEqual([]);
    expect(validate('😀'.repeat(11)).map((e) => e.keyword)).toEqual(['maxLength']);
    expect(atLeast('😀😀').map((e) => e.keyword)).toEqual(['minLength']);
    expect(atLeast('😀😀😀')).toEqual([]);
  });
});

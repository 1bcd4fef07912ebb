import { RE2JS } from 're2js';
// Cell values analysts write that used to build the wrong rules without a word: quoted and piped allowed values,
// thousands separators, patterns with spaces, RE2's own syntax and limits, invisible characters in names.
import fc from 'fast-check';
import { parseAllowedValues } from '../../src/plan/cell-codecs';
import { enumText } from '../../src/plan/write-plan';
import { col, errors, parseRows, warnings } from '../helpers/sheet';

const event = { eventName: 'Order Completed', eventDescription: 'An order is placed' };
const property = (cells: Record<string, string>) => ({ propertyName: 'p', propertyDescription: 'd', propertyType: 'string', ...cells });
const enumOf = (cells: Record<string, string>) => parseRows([event, property(cells)]).plan.events[0]?.properties[0]?.enum;

describe('Allowed Values', () => {
  it('strips matching quotes, and reads pipes (Segment’s editor style) and lines', () => {
    expect(enumOf({ allowedValues: '"USD", "EUR", \'GBP\', “JPY”' })).toEqual(['USD', 'EUR', 'GBP', 'JPY']);
    expect(enumOf({ allowedValues: 'low|medium|high' })).toEqual(['low', 'medium', 'high']);
    expect(enumOf({ allowedValues: 'a, b\nc' })).toEqual(['a, b', 'c']);
    expect(enumOf({ allowedValues: '"a, b", "c|d", e' })).toEqual(['a, b', 'c|d', 'e']);
  });

  it('refuses a comma between digits for a number, at its cell', () => {
    const { problems } = parseRows([event, property({ propertyType: 'number', allowedValues: '1,000, 2,000' })]);
    expect(errors(problems).map((p) => [p.cell, p.message])).toEqual([
      [
        `${col('allowedValues')}3`,
        'Allowed Values "1,000, 2,000" is ambiguous for a number: a comma between digits could be a thousands separator or the next value. Put one value per line, or separate them with | (1000 | 2000).',
      ],
    ]);
    expect(enumOf({ propertyType: 'number', allowedValues: '1000 | 2000' })).toEqual([1000, 2000]);
    expect(enumOf({ propertyType: 'number', allowedValues: '1, 2, 3' })).toEqual([1, 2, 3]);
  });

  it('writes any list of values so that it reads back the same', () => {
    const text = fc.string({ minLength: 1, maxLength: 8 }).filter((t) => t === t.trim() && !/[\r\n]/.test(t) && t !== 'null');
    fc.assert(
      fc.property(fc.uniqueArray(text, { minLength: 1, maxLength: 5 }), (values) => {
        expect(parseAllowedValues(enumText(values), ['string']).values).toEqual(values);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Pattern', () => {
  it('warns about spaces around it and removes them', () => {
    const { plan, problems } = parseRows([event, property({ pattern: '^ord_[0-9]+$ ' })]);
    expect(warnings(problems).map((p) => p.cell)).toContain(`${col('pattern')}3`);
    expect(plan.events[0]?.properties[0]?.pattern).toBe('^ord_[0-9]+$');
  });

  it('refuses a repetition over RE2’s 1000', () => {
    const { problems } = parseRows([event, property({ pattern: '^a{1001}$' })]);
    expect(errors(problems).map((p) => p.message)).toEqual([
      "Pattern ^a{1001}$ repeats {1001}, more than the 1000 repetitions Segment's regular expression engine (RE2) allows. Rewrite it without that construct.",
    ]);
  });

  it('accepts RE2’s inline flags with a warning saying who does not', () => {
    const { plan, problems } = parseRows([event, property({ pattern: '(?i)^abc$' })]);
    expect(errors(problems)).toEqual([]);
    expect(warnings(problems).map((p) => p.message)).toContain(
      "Pattern (?i)^abc$ uses (?i): Segment's engine (RE2) accepts inline flags, but JavaScript does not, so analytics.js validators and typewriter's generated checks will reject the pattern.",
    );
    expect(plan.events[0]?.properties[0]?.pattern).toBe('(?i)^abc$');
  });

  it.each([
    ['^(?P<id>u[0-9]+)$', 'uses (?P<…>): JavaScript has no such group and rejects the pattern'],
    ['^\\p{L}+$', 'uses \\p{L}: JavaScript reads it as the letter p unless told the pattern is Unicode'],
    ['^[[:alpha:]]+$', 'uses [:alpha:]: JavaScript knows no such class and reads it as a set of characters'],
    ['\\Aok\\z', 'uses \\A, \\z: JavaScript reads them as the letters A and z, not as the start and end of the text'],
  ])('accepts %s with a warning that JavaScript reads it otherwise', (pattern, what) => {
    const { problems } = parseRows([event, property({ pattern })]);
    expect(errors(problems)).toEqual([]);
    expect(warnings(problems).map((p) => p.message)).toEqual([
      `Pattern ${pattern} ${what}, so analytics.js validators and typewriter's generated checks will not match values as Segment does.`,
    ]);
  });

  it.each(['^(?P<id>u[0-9]+)$', '^(?<id>u[0-9]+)$', '^\\p{L}+$', '^[[:alpha:]]+$', '\\Aok\\z', '(?i:pro)_\\x{41}'])(
    'accepts %s, as Segment’s RE2 does',
    (pattern) => {
      const { plan, problems } = parseRows([event, property({ pattern })]);
      expect(errors(problems)).toEqual([]);
      expect(plan.events[0]?.properties[0]?.pattern).toBe(pattern);
    },
  );

  it.each([
    ['^[0-9]+\\Z', "uses the escape \\Z, which Segment's regular expression engine (RE2) does not know. Rewrite it without that escape"],
    ['^\\u0041$', "uses the escape \\u, which Segment's regular expression engine (RE2) does not know. Rewrite it without that escape"],
    ['^[^]$', 'is not a valid regular expression for RE2 (missing closing ]: `[^]$`). Correct it'],
    [
      '(?P=x)',
      "uses a group starting (?P, which Segment's regular expression engine (RE2) does not support. Rewrite it without that construct",
    ],
    [
      '^(a)\\1$',
      "uses a backreference (\\1), which Segment's regular expression engine (RE2) does not support. Rewrite it without that construct",
    ],
    [
      '(?<=a)b',
      "uses a lookbehind ((?<= or (?<!), which Segment's regular expression engine (RE2) does not support. Rewrite it without that construct",
    ],
  ])('refuses %s, which Segment’s RE2 refuses, at its cell', (pattern, reason) => {
    const { problems } = parseRows([event, property({ pattern })]);
    expect(errors(problems).map((p) => [p.cell, p.message])).toEqual([[`${col('pattern')}3`, `Pattern ${pattern} ${reason}.`]]);
  });

  it('holds a pattern in a JSON Schema cell to RE2 too', () => {
    const schemaCell = (jsonSchema: string) => errors(parseRows([event, property({ jsonSchema })]).problems).map((p) => p.cell);
    expect(schemaCell('{"pattern": "(?i)^pro$"}')).toEqual([]);
    expect(schemaCell('{"patternProperties": {"^(?P<k>[a-z]+)$": {"type": "string"}}}')).toEqual([]);
    expect(schemaCell('{"pattern": "^[0-9]+\\\\Z"}')).toEqual([`${col('jsonSchema')}3`]);
    expect(schemaCell('{"patternProperties": {"(?=a)": {}}}')).toEqual([`${col('jsonSchema')}3`]);
  });
});

describe('names', () => {
  it('refuse invisible characters, naming them', () => {
    const { problems } = parseRows([
      { eventName: 'Signed\u200bUp', eventDescription: 'd' },
      { propertyName: 'plan\u00a0id', propertyDescription: 'd', propertyType: 'string' },
    ]);
    expect(errors(problems).map((p) => [p.cell, p.message])).toEqual([
      [
        `${col('eventName')}2`,
        'Event Name "Signed\u200bUp" contains a zero-width space (U+200B) at character 7: the name your code sends would never match it. Retype the name.',
      ],
      [
        `${col('propertyName')}3`,
        'Property Name "plan\u00a0id" contains a non-breaking space (U+00A0) at character 5: the name your code sends would never match it. Retype the name.',
      ],
    ]);
  });

  it('refuse a Cyrillic or Greek lookalike in a Latin name, and leave a name wholly in another script alone', () => {
    const { problems } = parseRows([
      { eventName: 'Sign\u0435d Up', eventDescription: 'd' },
      { propertyName: 'pl\u03b1n', propertyDescription: 'd', propertyType: 'string' },
      { eventName: '\u0417\u0430\u043a\u0430\u0437', eventDescription: 'd' },
      { propertyName: '\u0441\u0443\u043c\u043c\u0430', propertyDescription: 'd', propertyType: 'number' },
    ]);
    expect(errors(problems).map((p) => [p.cell, p.message])).toEqual([
      [
        `${col('eventName')}2`,
        'Event Name "Sign\u0435d Up" contains the Cyrillic letter "\u0435" (U+0435) at character 5, which looks like the Latin "e": the name your code sends would never match it. Retype the name.',
      ],
      [
        `${col('propertyName')}3`,
        'Property Name "pl\u03b1n" contains the Greek letter "\u03b1" (U+03B1) at character 3, which looks like the Latin "a": the name your code sends would never match it. Retype the name.',
      ],
    ]);
  });
});

describe('a pattern repeated on many rows', () => {
  it('is compiled once: re2js compiles in JavaScript, about 70 µs a pattern', () => {
    const compile = jest.spyOn(RE2JS, 'compile');
    const pattern = '^ord_[0-9]{6}_repeated$';
    const rows = Array.from({ length: 2000 }, (_, i) => property({ propertyName: `p${i}`, pattern }));
    const { problems } = parseRows([event, ...rows]);
    expect(errors(problems)).toEqual([]);
    expect(compile.mock.calls.filter(([source]) => source === pattern)).toHaveLength(1);
    compile.mockRestore();
  });
});

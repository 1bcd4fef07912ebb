// Patterns are matched as Segment matches them, with RE2: every pattern Segment accepts is usable (inline flags,
// Python-style named groups, Unicode and POSIX classes, \A and \z), and matching takes time linear in the value,
// in the schema walker (the add-on and `check`) and in ajv (`check`, for rules the walker leaves to it).
import { fastestOf } from '../helpers/timing';
import { ajvCompile, draft04Compile } from '../../src/cli/ajv-compile';
import { CallChecker, CompileSchema, SchemaError } from '../../src/events/check-calls';
import { readCalls } from '../../src/events/read-calls';
import { subsetValidator } from '../../src/events/schema-subset';
import type { JsonObject, JsonValue } from '../../src/json/json';
import { parseRows } from '../helpers/sheet';

/** The walker alone, as the add-on's Check an event… uses it (it has no ajv). */
const walkerOnly: CompileSchema = (schema) => {
  const validate = subsetValidator(schema);
  if (!validate) throw new Error('the walker should take every rule of these tests');
  return validate;
};
/** ajv alone, as `check` uses it for a rule with a keyword the walker does not know. */
const ajvOnly: CompileSchema = ajvCompile();

function violationsOf(pattern: string, value: string, compile: CompileSchema): string[] {
  const { plan, problems } = parseRows([
    { eventName: 'Signed Up', eventDescription: 'd' },
    { propertyName: 'p', propertyDescription: 'd', propertyType: 'string', pattern },
  ]);
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  const { calls } = readCalls(JSON.stringify({ type: 'track', event: 'Signed Up', properties: { p: value } }));
  return new CallChecker(plan, compile).check(calls[0]!).violations.map((v) => `${v.path}: ${v.message}`);
}

const ENGINES: [string, CompileSchema][] = [
  ['the walker', walkerOnly],
  ['ajv', ajvOnly],
  ['check (walker, else ajv)', draft04Compile()],
];

describe.each(ENGINES)('patterns in %s', (_name, compile) => {
  it.each([
    ['(?i)^pro$', 'PRO', 'Pro plan'],
    ['^(?P<id>u[0-9]+)$', 'u12', 'u12x'],
    ['^\\p{L}+$', 'Zoë', 'Zoë1'],
    ['^[[:alpha:]]+$', 'abc', 'ab1'],
    ['\\Aok\\z', 'ok', 'ok\n'],
  ])('%s matches %j as RE2 does, and not %j', (pattern, matching, other) => {
    expect(violationsOf(pattern, matching, compile)).toEqual([]);
    expect(violationsOf(pattern, other, compile)).toEqual([`properties.p: Does not match pattern '${pattern}'`]);
  });
});

describe('matching time', () => {
  // A backtracking engine takes seconds on 26 characters and doubles with each one more; RE2 is linear. Each length
  // is asserted before the next is tried, so that a backtracking engine fails on the short value instead of hanging.
  it.each([
    ['the walker', (schema: JsonObject): ((value: JsonValue) => SchemaError[]) => subsetValidator(schema)!],
    ['ajv', (schema: JsonObject) => ajvOnly(schema)],
  ])('a pattern with nested repetition costs %s about what a simple one costs, on the same value', (_name, compile) => {
    const hard = compile({ type: 'string', pattern: '^([a-z0-9]+-?)*$' });
    const easy = compile({ type: 'string', pattern: '^[a-z0-9-]*$' });
    for (const length of [26, 10_000]) {
      const value = `${'a'.repeat(length - 1)}!`;
      const hardMs = fastestOf(3, () => hard(value));
      const easyMs = fastestOf(3, () => easy(value));
      expect({ length, fast: hardMs < 20 * easyMs + 20 }).toEqual({ length, fast: true });
      expect(hard(value).map((e) => e.keyword)).toEqual(['pattern']);
      expect(easy(value).map((e) => e.keyword)).toEqual(['pattern']);
    }
  });
});

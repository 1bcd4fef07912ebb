/**
 * The draft-04 validator behind `check`: the schema walker for the keywords the sheet writes, else ajv set up as
 * Segment validates (unknown keywords such as labels allowed), compiled only when a rule needs it.
 */
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { CompileSchema, SchemaError } from '../events/check-calls';
import { isDateTime } from '../events/date-time';
import { subsetValidator } from '../events/schema-subset';
import { patternMatcher, patternProblem } from '../plan/regex';

export function draft04Compile(): CompileSchema {
  const full = ajvCompile();
  return (schema) => subsetValidator(schema) ?? full(schema);
}

/**
 * ajv set up as Segment validates: draft-04, unknown keywords (labels) allowed, patterns (and patternProperties'
 * keys) compiled and matched with RE2, formats such as date-time checked, only a call's own properties read.
 */
export function draft04Ajv(): Ajv {
  // ownProperties: a required `toString` is missing unless the call has it (not found on Object.prototype).
  const ajv = new Ajv({ strict: false, allErrors: true, ownProperties: true, code: { regExp: RE2_ENGINE } });
  addFormats(ajv);
  // A value under `format: regex` is a pattern Segment's validator compiles with RE2; ajv-formats asks JavaScript's RegExp.
  ajv.addFormat('regex', (pattern: string) => patternProblem(pattern) === null);
  // The walker's date-time, so a value passes or fails the same whichever validator checks its rule.
  ajv.addFormat('date-time', isDateTime);
  return ajv;
}

/** ajv's pattern engine: RE2's matcher (ajv only calls `test`); `code` names it in standalone code ajv could write. */
const RE2_ENGINE = Object.assign((pattern: string) => patternMatcher(pattern), { code: 'patternMatcher' });

export function ajvCompile(): CompileSchema {
  let ajv: Ajv | null = null;
  return (schema) => {
    ajv ??= draft04Ajv();
    const validate = ajv.compile(schema);
    return (value) => {
      if (validate(value)) return [];
      return (validate.errors ?? []).map((e): SchemaError => ({
        keyword: e.keyword,
        instancePath: e.instancePath,
        params: e.params,
        message: e.message,
      }));
    };
  };
}

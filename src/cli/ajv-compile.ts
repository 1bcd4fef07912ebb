/**
 * The draft-04 validator behind `check`: the schema walker for the keywords the sheet writes, else ajv set up as
 * Segment validates (unknown keywords such as labels allowed), compiled only when a rule needs it.
 */
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { CompileSchema, SchemaError } from '../events/check-calls';
import { subsetValidator } from '../events/schema-subset';

export function draft04Compile(): CompileSchema {
  const full = ajvCompile();
  return (schema) => subsetValidator(schema) ?? full(schema);
}

export function ajvCompile(): CompileSchema {
  let ajv: Ajv | null = null;
  return (schema) => {
    if (!ajv) {
      ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
      addFormats(ajv);
    }
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

import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/**
 * ajv set up as Segment validates: draft-04, unknown keywords (labels) allowed, patterns compiled as
 * plain (non-unicode) regular expressions.
 */
export function draft04(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv;
}

export function expectValidSchema(ajv: Ajv, schema: object): void {
  const ok = ajv.validateSchema(schema);
  if (!ok) throw new Error(`not a valid draft-04 schema: ${ajv.errorsText(ajv.errors)}\n${JSON.stringify(schema)}`);
}

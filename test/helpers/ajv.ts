import type Ajv from 'ajv-draft-04';
import { draft04Ajv } from '../../src/cli/ajv-compile';

/** The same ajv the CLI's `check` falls back to, so tests hold schemas to what users run. */
export const draft04 = draft04Ajv;

export function expectValidSchema(ajv: Ajv, schema: object): void {
  const ok = ajv.validateSchema(schema);
  if (!ok) throw new Error(`not a valid draft-04 schema: ${ajv.errorsText(ajv.errors)}\n${JSON.stringify(schema)}`);
}

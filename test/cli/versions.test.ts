// Several versions of one event: pulled, validated, pushed back unchanged, and a version renumbered is named
// in the diff as the version removed and the version added.
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { SegmentEmulator, startEmulator } from '../../src/emulator/server';
import type { PublicRule } from '../../src/segment/rules';
import { parseCsv, toCsv } from '../../src/workbook/csv';
import { cliAsync } from '../helpers/cli';

const TOKEN = 'versions-token';
const order = (version: number, property: string): PublicRule => ({
  type: 'TRACK',
  key: 'Order Completed',
  version,
  jsonSchema: {
    $schema: 'http://json-schema.org/draft-04/schema#',
    type: 'object',
    description: `Version ${version}`,
    properties: { properties: { type: 'object', properties: { [property]: { description: 'd', type: 'string' } } } },
  },
});
let emulator: SegmentEmulator;
const dir = mkdtempSync(path.join(tmpdir(), 'versions-'));

beforeEach(async () => {
  emulator = await startEmulator({
    seed: {
      tokens: [{ token: TOKEN, workspace: 'acme', access: 'write' }],
      plans: [
        {
          workspace: 'acme',
          id: 'tp_shop',
          resourceSchemaId: 'rs_shop',
          name: 'Shop',
          rules: [order(1, 'order_id'), order(2, 'checkout_id')],
        },
      ],
    },
  });
});
afterEach(() => emulator.close());

const flags = () => ['--plan', 'tp_shop', '--base-url', emulator.baseUrl, '--backup-dir', path.join(dir, 'backups')];
const env = { SEGMENT_TOKEN: TOKEN };

describe('event versions', () => {
  it('round-trip: pull, validate, push back unchanged; renumbering says which version goes and which comes', async () => {
    const out = path.join(dir, 'shop.csv');
    expect((await cliAsync(['pull', '--out', out, ...flags()], { env })).status).toBe(0);
    const validate = await cliAsync(['validate', out]);
    expect(validate.stdout).toContain('0 errors');
    const again = await cliAsync(['push', out, ...flags()], { env });
    expect(again.stdout).toContain('Segment already matches the sheet: nothing was sent to tp_shop.');

    // The analyst renumbers version 2 as 3.
    const rows = parseCsv(readFileSync(out, 'utf8'));
    const version = rows[0]?.indexOf('Version') ?? -1;
    const v2 = rows.find((r) => r[1] === 'Order Completed' && r[version] === '2') as string[];
    v2[version] = '3';
    writeFileSync(out, toCsv(rows));
    const diff = await cliAsync(['diff', out, ...flags()], { env });
    expect(diff.stdout).toContain('Events and rules: 1 added (Order Completed v3); 1 removed (Order Completed v2)');
    const push = await cliAsync(['push', out, ...flags()], { env });
    expect(push.status).toBe(2);
    expect(push.stdout).toContain('  removes event "Order Completed" v2 (and its 1 property)\n');
    expect(emulator.state.plan('tp_shop')?.rules.map((r) => r.version)).toEqual([1, 2]);
  });
});

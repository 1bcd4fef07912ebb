// `check <plan> <calls>`: what a QA engineer runs on a sample of events, and the exit codes a CI step relies on.
import { spawn } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { checkCommand } from '../../src/cli/check';
import { rowsCsv } from '../../src/workbook/workbook';
import { CLI, cliAsync, cliProcess, CliRun, ROOT } from '../helpers/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'check-'));
const file = (name: string, text: string) => {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
};
const plan = file(
  'plan.csv',
  rowsCsv([
    ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type', 'Required'],
    ['Order Completed', 'An order is placed', '', '', '', ''],
    ['', '', 'total', 'Order total', 'number', 'TRUE'],
  ]),
);
const ndjson = (...calls: object[]) => calls.map((c) => JSON.stringify(c)).join('\n');
const good = { type: 'track', event: 'Order Completed', properties: { total: 3 } };

describe('check', () => {
  it('exit 0 when every call passes', async () => {
    const run = await cliAsync(['check', plan, file('good.ndjson', ndjson(good, good))]);
    expect([run.status, run.stdout, run.stderr]).toEqual([0, '2 calls checked: 2 pass, 0 violate, 0 unplanned\n', '']);
  });

  it('exit 1 with each violation and unplanned event, where it is', async () => {
    const calls = file(
      'bad.ndjson',
      ndjson(good, { type: 'track', event: 'Order Completed', properties: { total: '3' } }, { type: 'track', event: 'Cart Viewed' }),
    );
    const run = await cliAsync(['check', plan, calls]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      [
        'Violations by event and path, the most frequent first:',
        'track "Cart Viewed": 1 violation in 1 call',
        '  1 × event: Unplanned event: "Cart Viewed" is not in the tracking plan. (rule: plan; at line 3)',
        'track "Order Completed": 1 violation in 1 call',
        '  1 × properties.total: Invalid type. Expected: number, given: string (rule: track "Order Completed" v1, row 3; at line 2)',
        '',
        'Failing calls:',
        'line 2: track "Order Completed"',
        '  properties.total: Invalid type. Expected: number, given: string (expected number, got string; rule: track "Order Completed" v1)',
        'line 3: track "Cart Viewed"',
        '  event: Unplanned event: "Cart Viewed" is not in the tracking plan. (expected an event in the plan, got Cart Viewed; rule: plan)',
        '',
        'Not in the plan (information; `infer` writes rows for them):',
        '  track "Cart Viewed": unplanned event, in 1 call',
        '',
        '3 calls checked: 1 pass, 1 violate, 1 unplanned',
        '',
      ].join('\n'),
    );
  });

  it('--json for machines', async () => {
    const run = await cliAsync(['check', plan, file('one.json', JSON.stringify([{ ...good, properties: {} }])), '--json']);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      summary: { checked: 1, pass: 0, violates: 1, unplanned: 0, unchecked: 0, unreadable: 0 },
      uncheckable: [],
      notInPlan: [],
      results: [
        {
          at: 'item 1',
          call: 'track "Order Completed"',
          status: 'violates',
          violations: [
            {
              rule: 'track "Order Completed" v1',
              path: 'properties.total',
              expected: 'present',
              given: 'missing',
              message: 'properties.total is required',
              row: 3,
            },
          ],
        },
      ],
      unreadable: [],
    });
  });

  it('exit 2 on a broken line, after checking the rest', async () => {
    const run = await cliAsync([
      'check',
      plan,
      file('broken.ndjson', `${JSON.stringify(good)}\n{"type": "track",\n${JSON.stringify(good)}`),
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^line 2: is not valid JSON: /);
    expect(run.stdout).toBe('2 calls checked: 2 pass, 0 violate, 0 unplanned, 1 unreadable\n');
  });

  it('exit 2 on a missing calls file or a wrong number of files', async () => {
    const missing = await cliAsync(['check', plan, path.join(dir, 'nope.json')]);
    expect([missing.status, missing.stderr]).toEqual([2, `error: cannot read ${path.join(dir, 'nope.json')}: ENOENT\n`]);
    expect((await cliAsync(['check', plan])).status).toBe(2);
  });

  it('runs from the built CLI', async () => {
    const run = await cliProcess(['check', plan, file('built.ndjson', ndjson(good))]);
    expect([run.status, run.stdout]).toEqual([0, '1 call checked: 1 pass, 0 violate, 0 unplanned\n']);
  });
});

/** The built CLI with these pieces written to its standard input, one write each, then closed. */
function cliWithInput(args: string[], pieces: readonly Buffer[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, SEGMENT_TOKEN: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr, waits: [] }));
    for (const piece of pieces) child.stdin.write(piece);
    child.stdin.end();
  });
}

/** `check` in this process with its calls read from these byte pieces, as from standard input (`-`). */
async function checkPieces(pieces: readonly Buffer[], flags: Record<string, true> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), env: {} };
  const status = await checkCommand({ positional: [plan, '-'], flags }, io, Readable.from(pieces));
  return { status, stdout, stderr, waits: [] };
}

describe('check reads a stream', () => {
  const text = `\uFEFF${ndjson(good, { type: 'track', event: 'Order Completed', properties: { total: 'trois €' } }, { type: 'track', event: 'Café Ouvert' })}\n`;
  const bytes = Buffer.from(text);

  it('from standard input: - as the calls file', async () => {
    const run = await cliWithInput(['check', plan, '-'], [bytes.subarray(0, 50), bytes.subarray(50)]);
    expect([run.status, run.stderr]).toEqual([1, '']);
    expect(run.stdout).toMatch(/^track "Café Ouvert": 1 violation in 1 call$/m);
    expect(run.stdout).toMatch(/\n3 calls checked: 1 pass, 1 violate, 1 unplanned\n$/);
  });

  it('the same report wherever the bytes are cut, inside a character or the byte order mark included', async () => {
    const expected = await checkPieces([bytes]);
    expect(expected.stdout).toContain('got Café Ouvert');
    for (let at = 0; at <= bytes.length; at++) {
      const run = await checkPieces([bytes.subarray(0, at), bytes.subarray(at)]);
      if (run.stdout !== expected.stdout || run.status !== 1) expect([at, run.status, run.stdout]).toEqual([at, 1, expected.stdout]);
    }
  });

  it('groups violations by event and path with their counts, then shows the first failing calls', async () => {
    const wrong = { type: 'track', event: 'Order Completed', properties: { total: 'x' } };
    const calls = [good, ...Array.from({ length: 12 }, () => wrong), { type: 'track', event: 'Order Completed', properties: {} }];
    const run = await cliAsync(['check', plan, file('many.ndjson', ndjson(...calls))]);
    expect(run.status).toBe(1);
    const [groups, examples] = run.stdout.split('\n\n');
    expect(groups!.split('\n')).toEqual([
      'Violations by event and path, the most frequent first:',
      'track "Order Completed": 13 violations in 13 calls',
      '  12 × properties.total: Invalid type. Expected: number, given: string (rule: track "Order Completed" v1, row 3; at line 2, line 3, line 4)',
      '  1 × properties.total: properties.total is required (rule: track "Order Completed" v1, row 3; at line 14)',
    ]);
    expect(examples!.split('\n')[0]).toBe('Examples: the first 10 of 13 failing calls');
    expect(examples!.split('\n').filter((l) => l.startsWith('line '))).toHaveLength(10);
    expect(run.stdout.endsWith('\n\n14 calls checked: 1 pass, 13 violate, 0 unplanned\n')).toBe(true);
  });

  it('a JSON array is read item by item: a broken item is named and the others are checked (--json keeps its shape)', async () => {
    const array = `[${JSON.stringify(good)}, {"type": "track", "event": }, ${JSON.stringify({ ...good, properties: {} })}]`;
    const run = await cliAsync(['check', plan, file('broken.json', array), '--json']);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report).sort()).toEqual(['notInPlan', 'results', 'summary', 'uncheckable', 'unreadable']);
    expect(report.summary).toEqual({ checked: 2, pass: 1, violates: 1, unplanned: 0, unchecked: 0, unreadable: 1 });
    expect(report.results.map((r: { at: string; status: string }) => [r.at, r.status])).toEqual([
      ['item 1', 'pass'],
      ['item 3', 'violates'],
    ]);
    expect(report.unreadable).toEqual([{ at: 'item 2', message: expect.stringMatching(/^is not valid JSON: /) }]);
  });
});

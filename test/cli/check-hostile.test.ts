// `check` on calls and files nobody means to send: nothing in a call reaches the terminal raw, no encoding or
// concatenation loses calls, a rule that cannot compile is said once, and --json never holds the results at once.
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { checkCommand } from '../../src/cli/check';
import { rowsCsv } from '../../src/workbook/workbook';

const dir = mkdtempSync(path.join(tmpdir(), 'check-hostile-'));
const file = (name: string, text: string) => {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
};
const HEADER = ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type', 'Required', 'JSON Schema'];
const plan = file(
  'plan.csv',
  rowsCsv([HEADER, ['Order Completed', 'An order is placed', '', '', '', '', ''], ['', '', 'total', 'Order total', 'number', 'TRUE', '']]),
);
const good = { type: 'track', event: 'Order Completed', properties: { total: 3 } };

async function check(planFile: string, input: string | Buffer | readonly (string | Buffer)[], flags: Record<string, true> = {}) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), env: {} };
  const pieces = (Array.isArray(input) ? input : [input]).map((p) => (typeof p === 'string' ? Buffer.from(p) : p));
  const status = await checkCommand({ positional: [planFile, '-'], flags }, io, Readable.from(pieces));
  return { status, stdout, stderr };
}
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

describe('terminal output', () => {
  it('shows control and bidi characters from calls as escapes: no forged line, no window title', async () => {
    const names = ['A\n3 calls checked: 3 pass, 0 violate, 0 unplanned', '\u001b]0;pwned\u0007B', 'C\u202Egnp.exe', 'D\r\u0000\u009b'];
    const calls = names.map((event) => JSON.stringify({ type: 'track', event })).join('\n');
    const run = await check(plan, `${calls}\n${JSON.stringify({ type: '\u001b[2J' })}\n`);
    const written = run.stdout + run.stderr;
    expect(written).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(run.stdout).toContain('track "A\\n3 calls checked: 3 pass, 0 violate, 0 unplanned": 1 violation in 1 call\n');
    expect(run.stdout).toContain('track "\\u001b]0;pwned\\u0007B": 1 violation');
    expect(run.stdout).toContain('track "C\\u202egnp.exe": 1 violation');
    expect(run.stdout).toContain('track "D\\r\\u0000\\u009b": 1 violation');
    expect(run.stderr).toBe('line 5: has "type" "\\u001b[2J": expected one of track, identify, group, page, screen.\n');
    expect(lastLine(run.stdout)).toBe('4 calls checked: 0 pass, 0 violate, 4 unplanned, 1 unreadable');
  });
});

describe('what is read', () => {
  const two = [good, { ...good, properties: {} }];

  it('a byte order mark at the start of a later line (files concatenated) is no part of it', async () => {
    const run = await check(plan, `\uFEFF${JSON.stringify(two[0])}\n\uFEFF${JSON.stringify(two[1])}\n`);
    expect(lastLine(run.stdout)).toBe('2 calls checked: 1 pass, 1 violate, 0 unplanned');
  });

  it.each([
    ['utf-16le', (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['utf-16be', (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
  ])('NDJSON in %s with its byte order mark, wherever the bytes are cut', async (_, encode) => {
    const bytes = encode(`${two.map((c) => JSON.stringify(c)).join('\r\n')}\r\n`);
    for (const at of [1, 2, 3, 7, bytes.length - 1]) {
      const run = await check(plan, [bytes.subarray(0, at), bytes.subarray(at)]);
      expect([at, run.status, lastLine(run.stdout), run.stderr]).toEqual([at, 1, '2 calls checked: 1 pass, 1 violate, 0 unplanned', '']);
    }
  });

  it('pretty-printed objects one after another, each over several lines, each at its first line', async () => {
    const text = `${two.map((c) => JSON.stringify(c, null, 2)).join('\n')}\n`;
    const run = await check(plan, text, { json: true });
    const report = JSON.parse(run.stdout);
    expect(report.results.map((r: { at: string; status: string }) => [r.at, r.status])).toEqual([
      ['line 1', 'pass'],
      ['line 8', 'violates'],
    ]);
  });
});

describe('a rule that cannot compile', () => {
  const broken = file(
    'broken.csv',
    rowsCsv([
      HEADER,
      ['Broken', 'Refers to nothing', '', '', '', '', '{"properties":{"properties":{"$ref":"#/definitions/nope"}}}'],
      ['Remote', 'Refers elsewhere', '', '', '', '', '{"properties":{"properties":{"$ref":"https://example.com/s.json"}}}'],
      ['Order Completed', 'An order is placed', '', '', '', '', ''],
      ['', '', 'total', 'Order total', 'number', 'TRUE', ''],
    ]),
  );
  const calls = ['Broken', 'Remote', 'Broken', 'Order Completed'].map((event) => JSON.stringify({ type: 'track', event })).join('\n');

  it('is said once on stderr, its calls are unchecked (exit 2), and the others are checked', async () => {
    const run = await check(broken, calls);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')).toEqual([
      'error: rule track "Broken" v1 (row 2) cannot be checked: can\'t resolve reference #/definitions/nope from id #. Its calls are checked against the other rules only.',
      'error: rule track "Remote" v1 (row 3) cannot be checked: can\'t resolve reference https://example.com/s.json from id #. Its calls are checked against the other rules only.',
      '',
    ]);
    expect(lastLine(run.stdout)).toBe('4 calls checked: 0 pass, 1 violate, 0 unplanned, 3 unchecked');
  });

  it('--json lists it once, and each call not checked says why', async () => {
    const report = JSON.parse((await check(broken, calls, { json: true })).stdout);
    expect(report.uncheckable.map((u: { rule: string }) => u.rule)).toEqual(['track "Broken" v1', 'track "Remote" v1']);
    expect(report.results[0]).toEqual({
      at: 'line 1',
      call: 'track "Broken"',
      status: 'unchecked',
      violations: [],
      unchecked: 'track "Broken" v1 cannot be checked: its schema does not compile.',
    });
    expect(report.summary).toEqual({ checked: 4, pass: 0, violates: 1, unplanned: 0, unchecked: 3, unreadable: 0 });
  });
});

describe('--json', () => {
  it('writes results as calls are checked, in pieces, the summary last', async () => {
    const calls = 20_000;
    const line = `${JSON.stringify(good)}\n`;
    const writes: number[] = [];
    let writtenBeforeTheEnd = 0;
    let stdout = '';
    const io = {
      stdout: (t: string) => {
        writes.push(t.length);
        stdout += t;
      },
      stderr: () => undefined,
      env: {},
    };
    async function* source() {
      for (let i = 0; i < calls / 1000; i++) yield Buffer.from(line.repeat(1000));
      writtenBeforeTheEnd = writes.length;
    }
    const status = await checkCommand({ positional: [plan, '-'], flags: { json: true } }, io, Readable.from(source()));
    expect(status).toBe(0);
    expect(writtenBeforeTheEnd).toBeGreaterThan(10);
    expect(Math.max(...writes)).toBeLessThan(200_000);
    const report = JSON.parse(stdout);
    expect([report.results.length, report.summary.checked, report.uncheckable]).toEqual([calls, calls, []]);
  });
});

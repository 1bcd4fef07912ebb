// What the CLI writes to disk and what the emulator survives: CSV cells that would run as formulas, backup
// names a server could steer, an unwritable backup folder, a request with an invalid URL, --port.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import * as net from 'net';
import { tmpdir } from 'os';
import * as path from 'path';
import { startEmulator, SegmentEmulator } from '../../src/emulator/server';
import { cliAsync, ROOT } from '../helpers/cli';
import { spawn } from 'child_process';

const TOKEN = 'files-token-1234';
// A copy: push keeps its sync record (.segment-sync.json) beside the workbook, never in the repository.
const TEMPLATE = path.join(mkdtempSync(path.join(tmpdir(), 'template-')), 'tracking-plan.xlsx');
copyFileSync(path.join(ROOT, 'template/tracking-plan.xlsx'), TEMPLATE);
let emulator: SegmentEmulator;
let dir: string;

const RULES = [
  {
    type: 'TRACK' as const,
    key: 'Link Clicked',
    version: 1,
    jsonSchema: {
      description: '=HYPERLINK("https://evil.example.com","click")',
      type: 'object',
      properties: {
        properties: {
          type: 'object',
          properties: {
            command: { description: "+cmd|' /C calc'!A0", type: 'string' },
            total: { description: '@SUM(1+1)', type: 'number', minimum: -5 },
            quoted: { description: "'=already quoted", type: 'string' },
          },
        },
      },
    },
  },
];

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cli-files-'));
  emulator = await startEmulator({
    seed: {
      tokens: [{ token: TOKEN, workspace: 'acme', access: 'write' }],
      plans: [
        { workspace: 'acme', resourceSchemaId: 'rs_links', id: 'tp_links', name: 'Links', rules: RULES },
        { workspace: 'acme', resourceSchemaId: 'rs_web', id: 'tp_../../escape', name: 'Web', rules: [] },
      ],
    },
  });
});
afterEach(() => emulator.close());

const env = () => ({ SEGMENT_TOKEN: TOKEN });

describe('pull --out .csv', () => {
  it('writes formula-looking text so a spreadsheet shows it as text, and reads it back unchanged', async () => {
    const out = path.join(dir, 'links.csv');
    const pull = await cliAsync(['pull', '--out', out, '--plan', 'tp_links', '--base-url', emulator.baseUrl], { env: env() });
    expect(pull.status).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example.com"",""click"")"`);
    expect(csv).toContain(`'+cmd|' /C calc'!A0`);
    expect(csv).toContain(`'@SUM(1+1)`);
    expect(csv).toContain(`''=already quoted`);
    expect(csv).toContain(',-5,');
    expect(csv.split('\n').some((line) => /(^|,)[=+@]/.test(line))).toBe(false);

    const build = await cliAsync(['build', out, '--api', 'public']);
    expect(build.status).toBe(0);
    const rule = JSON.parse(build.stdout).rules[0];
    expect(rule.jsonSchema.description).toBe(RULES[0].jsonSchema.description);
    expect(rule.jsonSchema.properties.properties.properties).toMatchObject({
      command: { description: "+cmd|' /C calc'!A0" },
      total: { description: '@SUM(1+1)', minimum: -5 },
      quoted: { description: "'=already quoted" },
    });
  });
});

describe('push backups', () => {
  it('keeps a server-given plan id from steering the backup file out of its folder', async () => {
    const backups = path.join(dir, 'backups');
    const push = await cliAsync(
      ['push', TEMPLATE, '--api', 'public', '--plan', 'rs_web', '--base-url', emulator.baseUrl, '--backup-dir', backups],
      { env: env() },
    );
    expect(push.status).toBe(0);
    const files = readdirSync(backups);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^tp_______escape-\d{4}-.*\.json$/);
    expect(existsSync(path.join(dir, 'escape'))).toBe(false);
  });

  it('stops with exit 2 and sends nothing when the backup cannot be written', async () => {
    const notADir = path.join(dir, 'file');
    writeFileSync(notADir, 'x');
    const push = await cliAsync(
      ['push', TEMPLATE, '--plan', 'tp_links', '--base-url', emulator.baseUrl, '--backup-dir', notADir, '--yes'],
      {
        env: env(),
      },
    );
    expect(push.status).toBe(2);
    expect(push.stderr).toMatch(/^error: could not write the backup .*file\/tp_links-.*\.json \(.*\)\. Nothing was sent\.\n$/);
    expect(emulator.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('the emulator', () => {
  it('answers a request whose URL cannot be parsed with 400, and keeps serving', async () => {
    const port = Number(new URL(emulator.baseUrl).port);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('GET http://%zz/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    const next = await fetch(`${emulator.baseUrl}/tracking-plans/tp_links`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(next.status).toBe(200);
  });

  it('emulator --port N listens on N', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'emulator', '--port', String(port)]);
    try {
      const line = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
      expect(line).toContain(`listening on http://127.0.0.1:${port}`);
    } finally {
      child.kill();
    }
  });
});

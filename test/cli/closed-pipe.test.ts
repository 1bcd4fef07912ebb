// `node dist/cli.js validate big.csv | head -1`: the reader goes away after the first line. The CLI must end as
// the command would have (its exit code, for `set -o pipefail`), without an EPIPE stack trace on the terminal.
import { spawn } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { toCsv } from '../../src/workbook/csv';
import { CLI, ROOT } from '../helpers/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'closed-pipe-'));
const HEADER = ['Event Name', 'Event Description', 'Property Name', 'Property Type'];
/** Far more output than a pipe buffers (64 KB on Linux), so the CLI is still writing when the reader leaves. */
const ROWS = 10_000;

function plan(name: string, propertyType: string): string {
  const rows = [HEADER, ['Order Completed', 'An order is placed', '', '']];
  for (let i = 0; i < ROWS; i++) rows.push(['', '', `property_${i}`, propertyType]);
  const file = path.join(dir, name);
  writeFileSync(file, toCsv(rows));
  return file;
}
/** Each property row an error (an unknown type) and a warning (no description). */
const withErrors = plan('errors.csv', 'strng');
/** Each property row a warning (no description): valid, so exit 0. */
const withWarnings = plan('warnings.csv', 'string');

interface ClosedRun {
  status: number | null;
  /** What the CLI wrote on the stream that stayed open. */
  other: string;
}

/** Runs the built CLI, closes `closed` as soon as its first chunk arrives (as `head -1` does), reads the other. */
function runAndClose(args: string[], closed: 'stdout' | 'stderr'): Promise<ClosedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const toClose = closed === 'stdout' ? child.stdout : child.stderr;
    const open = closed === 'stdout' ? child.stderr : child.stdout;
    let other = '';
    toClose.once('data', () => toClose.destroy());
    open.on('data', (d: Buffer) => (other += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, other }));
  });
}

describe('a closed pipe', () => {
  it('ends validate quietly with its exit code: 1 for a plan with errors', async () => {
    expect(await runAndClose(['validate', withErrors], 'stdout')).toEqual({ status: 1, other: '' });
  });

  it('ends validate quietly with its exit code: 0 for a plan with warnings only', async () => {
    expect(await runAndClose(['validate', withWarnings], 'stdout')).toEqual({ status: 0, other: '' });
  });

  it('on standard error (where build lists problems) still lets the command finish: the body on stdout, exit 0', async () => {
    const run = await runAndClose(['build', withWarnings], 'stderr');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.other)).toMatchObject({ tracking_plan: { rules: { events: [{ name: 'Order Completed' }] } } });
  });
});

describe('a closed pipe on a stream that never ends', () => {
  it('stops check --json reading standard input once its reader is gone (tail -f log | check … - --json | head -1)', async () => {
    const small = path.join(dir, 'small.csv');
    writeFileSync(small, toCsv([HEADER, ['Order Completed', 'An order is placed', '', ''], ['', '', 'property_0', 'string']]));
    const child = spawn(process.execPath, [CLI, 'check', small, '-', '--json'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    // Far more results than a pipe buffers, and standard input left open, as `tail -f` leaves it.
    const call = JSON.stringify({ type: 'track', event: 'Order Completed', properties: { property_0: 5 } });
    // The CLI closes its end once it stops reading: what this side had left to write has nowhere to go.
    child.stdin.on('error', () => undefined);
    child.stdin.write(`${`${call}\n`.repeat(1_000)}`);
    const status = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    expect({ status, stderr }).toEqual({ status: 1, stderr: '' });
  });
});

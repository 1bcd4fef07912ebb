/**
 * The emulator in a process of its own (`node dist/cli.js emulator`), for callers that block their own
 * event loop while waiting for an answer, as the Apps Script fakes' synchronous UrlFetchApp does.
 */
import { ChildProcess, spawn } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import type { EmulatorSeed } from './state';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

export interface EmulatorProcess {
  child: ChildProcess;
  baseUrl: string;
  stop(): void;
}

export async function startEmulatorProcess(seed: EmulatorSeed): Promise<EmulatorProcess> {
  const seedFile = path.join(mkdtempSync(path.join(tmpdir(), 'segment-emulator-')), 'seed.json');
  writeFileSync(seedFile, JSON.stringify(seed));
  const child = spawn(process.execPath, [CLI, 'emulator', '--port', '0', '--seed', seedFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before listening`)));
  });
  return { child, baseUrl, stop: () => child.kill() };
}

import { spawn } from 'child_process';
import * as path from 'path';
import { runCli } from '../../src/cli/main';

export const ROOT = path.resolve(__dirname, '../..');
export const CLI = path.join(ROOT, 'dist/cli.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The waits the CLI asked for between retries (in-process runs only). */
  waits: number[];
}

/**
 * Runs the CLI in this process, as `node dist/cli.js …` would but without starting Node: the same entry
 * (`runCli`), an environment of its own, and retry waits recorded instead of slept. An unexpected exception is
 * exit 70 with its stack, as the real entry makes it.
 */
/** A terminal to ask on: its answers in order (No when they run out), and the questions asked. */
export interface FakeTerminal {
  answers: boolean[];
  asked: string[];
}

export async function cliAsync(
  args: string[],
  options: { env?: Record<string, string>; clock?: { now: number }; terminal?: FakeTerminal } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const waits: number[] = [];
  let status: number;
  try {
    status = await runCli(args, {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      env: { ...process.env, SEGMENT_TOKEN: '', ...options.env },
      sleep: (ms) => {
        waits.push(ms);
        if (options.clock) options.clock.now += ms;
        return Promise.resolve();
      },
      ...(options.clock ? { now: () => (options.clock as { now: number }).now } : {}),
      ...(options.terminal ? { ask: askOn(options.terminal) } : {}),
    });
  } catch (e) {
    stderr += `unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`;
    status = 70;
  }
  return { status, stdout, stderr, waits };
}

/** Runs the built CLI as a user would (`node dist/cli.js …`), in a process of its own. */
export function cliProcess(args: string[], options: { env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, SEGMENT_TOKEN: '', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr, waits: [] }));
  });
}

function askOn(terminal: FakeTerminal): (question: string) => Promise<boolean> {
  return (question) => {
    terminal.asked.push(question);
    return Promise.resolve(terminal.answers.shift() ?? false);
  };
}

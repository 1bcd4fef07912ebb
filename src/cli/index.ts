import { createInterface } from 'readline';
import { runCli } from './main';

/** A yes/no question on the terminal; only when both ends are one (never in a pipe or CI). */
function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    }),
  );
}

/**
 * Writes to a standard stream until its reader is gone. `… | head -1` closes the pipe once it has its line; Node
 * ignores SIGPIPE, so the next write fails with EPIPE, which unhandled ends the process with a stack trace. The
 * rest of the output has nowhere to go, so it is dropped and the command finishes (a push is never cut off
 * half-way by its reader leaving) and exits with its own code, for `set -o pipefail`.
 */
function writerUntilClosed(stream: NodeJS.WriteStream): (text: string) => void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  // The failed write destroys the stream at once; its 'error' event only comes a tick later.
  return (text) => {
    if (!stream.destroyed) stream.write(text);
  };
}

const stdout = writerUntilClosed(process.stdout);
const stderr = writerUntilClosed(process.stderr);

runCli(process.argv.slice(2), {
  stdout,
  stderr,
  env: process.env,
  outputClosed: new Promise<void>((resolve) => process.stdout.once('close', () => resolve())),
  ...(process.stdin.isTTY && process.stdout.isTTY ? { ask } : {}),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    stderr(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  },
);

// Runs package.json scripts side by side and fails if any fails: `npm test`'s lint and type checks are one
// process each, mostly on one core, so together they take the time of the longest. Each runs its command as
// npm would (node_modules/.bin on the PATH) without an npm process of its own, and its output is printed whole
// when it ends, so outputs never interleave.
import { spawn } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';

const names = process.argv.slice(2);
const { scripts } = JSON.parse(readFileSync('package.json', 'utf8'));
const bin = path.resolve('node_modules/.bin');
const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };

function run(name) {
  const command = scripts[name];
  if (!command) return Promise.resolve({ name, code: 1, output: Buffer.from(`no script "${name}" in package.json\n`) });
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code) => resolve({ name, code: code ?? 1, output: Buffer.concat(output) }));
  });
}

const results = await Promise.all(names.map(run));
for (const { output } of results) process.stdout.write(output);
const failed = results.filter((r) => r.code !== 0).map((r) => r.name);
if (failed.length > 0) {
  console.error(`${failed.join(', ')} failed.`);
  process.exitCode = 1;
}

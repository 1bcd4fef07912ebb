/**
 * The whole-process build of the 102,000-row bench CSV, paired against the build of commit 66a6e26 (before the
 * checks of the last rounds): the two CLIs run in turn on the same file, and each pair gives a ratio, so a
 * machine that speeds up or slows down during the run moves both. The baseline CLI is built once from git into
 * node_modules/.cache and kept there.
 */
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { build } from 'esbuild';
import { bigPlanGrid } from './big-plan';
import { median } from './median';
import { rowsCsv, WritableCell } from '../../src/workbook/workbook';

export const BASELINE_COMMIT = '66a6e26';
const ROOT = path.resolve(__dirname, '../..');

/** The baseline's dist/cli.js, built from git when not kept yet; null when this clone does not have the commit. */
async function baselineCli(): Promise<string | null> {
  const dir = path.join(ROOT, 'node_modules/.cache/bench-baseline', BASELINE_COMMIT);
  const cli = path.join(dir, 'cli.js');
  if (existsSync(cli)) return cli;
  try {
    execFileSync('git', ['cat-file', '-e', `${BASELINE_COMMIT}^{commit}`], { cwd: ROOT, stdio: 'ignore' });
  } catch {
    return null;
  }
  mkdirSync(dir, { recursive: true });
  const archive = execFileSync('git', ['archive', BASELINE_COMMIT, 'src'], { cwd: ROOT, maxBuffer: 1 << 28 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  await build({
    entryPoints: [path.join(dir, 'src/cli/index.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
  });
  return cli;
}

/** Wall time of one `node <cli> build <csv>` in milliseconds; throws when it fails. */
function timedBuild(cli: string, csv: string): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, [cli, 'build', csv], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`${cli} build failed (${run.status}): ${String(run.stderr)}`);
  return ms;
}

export async function benchAgainstBaseline(pairs = 7): Promise<void> {
  console.log(
    `Whole process: node dist/cli.js build on the 102,000-row CSV, paired with ${BASELINE_COMMIT}'s build (goal: ratio at most 1.00)`,
  );
  const baseline = await baselineCli();
  if (!baseline) {
    console.log(`  skipped: this clone does not have commit ${BASELINE_COMMIT} (a shallow clone?)`);
    return;
  }
  const csv = path.join(mkdtempSync(path.join(tmpdir(), 'bench-csv-')), 'plan.csv');
  writeFileSync(csv, rowsCsv(bigPlanGrid(2000, 50) as WritableCell[][]));
  const current = path.join(ROOT, 'dist/cli.js');
  timedBuild(current, csv);
  timedBuild(baseline, csv);
  const ours: number[] = [];
  const theirs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    // Alternate which goes first, so neither always runs on a warmer (or busier) machine.
    let now: number;
    let then: number;
    if (i % 2 === 0) {
      now = timedBuild(current, csv);
      then = timedBuild(baseline, csv);
    } else {
      then = timedBuild(baseline, csv);
      now = timedBuild(current, csv);
    }
    ours.push(now);
    theirs.push(then);
    ratios.push(now / then);
  }
  console.log(
    `  this build: median ${median(ours).toFixed(0)} ms; ${BASELINE_COMMIT}: median ${median(theirs).toFixed(0)} ms; ` +
      `ratio median ${median(ratios).toFixed(2)} (min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)}, ${pairs} pairs)`,
  );
}

if (require.main === module) {
  benchAgainstBaseline().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}

/** `export <file> --typewriter DIR`: the plan as typewriter's plan.json, and a typewriter.yml when there is none. */
import { promises as fs } from 'fs';
import * as path from 'path';
import { hasErrors } from '../plan/problems';
import { TYPEWRITER_PLAN_FILE, TypewriterExport, typewriterConfig, typewriterExport } from '../segment/typewriter-plan';
import {
  CliIo,
  EXIT,
  flag,
  loadPlan,
  ParsedArgs,
  printProblems,
  readingProblems,
  SelectedPlan,
  selectPlans,
  singleFile,
  tally,
  UsageError,
} from './context';

/** A folder or file that cannot be written: exit 2 with this message, as a bad argument. */
class DirError extends Error {}

export async function exportCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = singleFile(args);
  const dir = flag(args, 'typewriter');
  if (!dir) throw new UsageError('export needs --typewriter DIR (the folder for plan.json)');
  const loaded = await loadPlan(file, args, io.env);
  const { result } = loaded;
  const problems = [...readingProblems(loaded), ...result.problems];
  printProblems(problems, io.stderr);
  if (hasErrors(problems)) {
    io.stderr(`${tally(problems)}: nothing written.\n`);
    return EXIT.invalid;
  }
  const [{ plan, settings }] = selectPlans(args, loaded, 'export') as [SelectedPlan];
  const id = settings.trackingPlanId.trim() || 'tp_sheet';
  const name = settings.trackingPlanName.trim() || path.basename(file, path.extname(file));
  const exported = typewriterExport(plan, { id, name });
  try {
    await writeFiles(dir, id, exported, io);
  } catch (e) {
    if (!(e instanceof DirError)) throw e;
    io.stderr(`error: --typewriter ${dir}: ${e.message}\n`);
    return EXIT.usage;
  }
  for (const note of notes(exported)) io.stderr(`note: ${note}\n`);
  return EXIT.ok;
}

async function writeFiles(dir: string, id: string, exported: TypewriterExport, io: CliIo): Promise<void> {
  const blocker = await fileInTheWay(dir);
  if (blocker) throw new DirError(`${blocker} is a file, not a folder; give a folder that exists or can be made.`);
  await attempt(dir, () => fs.mkdir(dir, { recursive: true }));
  const planFile = path.join(dir, TYPEWRITER_PLAN_FILE);
  await attempt(planFile, () => fs.writeFile(planFile, exported.json));
  io.stdout(`wrote ${planFile} (${exported.rules} rules)\n`);
  if (exported.untyped.length > 0) {
    io.stdout(`typewriter 9 generates functions for track events only; none for ${exported.untyped.join(', ')} (they stay in plan.json)\n`);
  }
  const { configDir, planPath } = configPlace(dir);
  const configFile = path.join(configDir, 'typewriter.yml');
  try {
    await fs.writeFile(configFile, typewriterConfig(id, planPath), { flag: 'wx' });
    io.stdout(`wrote ${configFile}\n`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new DirError(`could not write ${configFile} (${(e as Error).message}).`);
    io.stdout(`kept ${configFile}\n`);
  }
}

/**
 * typewriter.yml goes beside DIR, pointing at it, so `npx typewriter build` runs from there; but when DIR is the
 * current folder or holds it (`.`, `..`), beside it would be outside what the user named, so it goes in DIR.
 */
function configPlace(dir: string): { configDir: string; planPath: string } {
  const resolved = path.resolve(dir);
  const fromDir = path.relative(resolved, process.cwd());
  if (fromDir.split(path.sep)[0] !== '..' && !path.isAbsolute(fromDir)) {
    return { configDir: asGiven(dir, resolved), planPath: '.' };
  }
  return { configDir: path.dirname(dir), planPath: `./${path.basename(resolved)}` };
}

/** The nearest of `dir` and its parents that exists and is not a folder (mkdir would fail with ENOTDIR/EEXIST). */
async function fileInTheWay(dir: string): Promise<string | undefined> {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const stat = await fs.stat(at).catch(() => undefined);
    if (stat) return stat.isDirectory() ? undefined : asGiven(dir, at);
    if (path.dirname(at) === at) return undefined;
  }
}

/** `at` (a folder or file on the way to DIR) written as DIR is: absolute, or relative to the current folder. */
function asGiven(dir: string, at: string): string {
  return path.isAbsolute(dir) ? at : path.relative(process.cwd(), at) || '.';
}

async function attempt(target: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (e) {
    throw new DirError(`could not write ${target} (${(e as Error).message}).`);
  }
}

function notes(exported: TypewriterExport): string[] {
  const out: string[] = [];
  if (exported.versions.length > 0) {
    const events = exported.versions.map((v) => `${v.name} (v${v.kept} kept; ${v.leftOut.map((n) => `v${n}`).join(', ')} left out)`);
    out.push(
      'typewriter 9 cannot send context.protocols.event_version, so Segment checks its calls against an event’s ' +
        `oldest version; plan.json holds only that version of ${events.join(', ')}.`,
    );
  }
  if (exported.trackEvents === 0) {
    out.push('the plan has no track events, so typewriter 9 has nothing to build (it stops with "No rules found").');
  }
  return out;
}

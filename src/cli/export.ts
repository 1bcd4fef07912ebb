/** `export <file> --typewriter DIR`: the plan as typewriter's plan.json, and a typewriter.yml when there is none. */
import { promises as fs } from 'fs';
import * as path from 'path';
import { hasErrors } from '../plan/problems';
import { TYPEWRITER_PLAN_FILE, typewriterConfig, typewriterPlanJson } from '../segment/typewriter-plan';
import { CliIo, EXIT, flag, loadPlan, ParsedArgs, printProblems, singleFile, tally, UsageError } from './context';

export async function exportCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = singleFile(args);
  const dir = flag(args, 'typewriter');
  if (!dir) throw new UsageError('export needs --typewriter DIR (the folder for plan.json)');
  const { result, merged } = await loadPlan(file, args, io.env);
  printProblems(result.problems, io.stderr);
  if (hasErrors(result.problems)) {
    io.stderr(`${tally(result.problems)}: nothing written.\n`);
    return EXIT.invalid;
  }
  const id = merged.trackingPlanId.trim() || 'tp_sheet';
  const name = merged.trackingPlanName.trim() || path.basename(file, path.extname(file));
  await fs.mkdir(dir, { recursive: true });
  const planFile = path.join(dir, TYPEWRITER_PLAN_FILE);
  await fs.writeFile(planFile, typewriterPlanJson(result.plan, { id, name }));
  io.stdout(`wrote ${planFile} (${result.plan.events.length} rules)\n`);
  // typewriter.yml sits beside the plan's folder and points at it, so `npx typewriter build` runs from there.
  const configDir = path.dirname(path.resolve(dir));
  const configFile = path.join(configDir, 'typewriter.yml');
  try {
    await fs.writeFile(configFile, typewriterConfig(id, `./${path.basename(path.resolve(dir))}`), { flag: 'wx' });
    io.stdout(`wrote ${configFile}\n`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    io.stdout(`kept ${configFile}\n`);
  }
  return EXIT.ok;
}

/** validate: the problems in a tracking plan, as text or JSON; nothing is sent anywhere. */
import { planSummary } from '../plan/model';
import { hasErrors } from '../plan/problems';
import { CliIo, EXIT, loadPlan, ParsedArgs, printProblems, singleFile, tally } from './context';

export async function validateCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const { result, problems } = await loadPlan(singleFile(args), args, io.env);
  if (args.flags.json) {
    io.stdout(`${JSON.stringify({ problems }, null, 2)}\n`);
  } else {
    printProblems(problems, io.stdout);
    const { rules, properties } = planSummary(result.plan);
    io.stdout(`${tally(problems)}; ${rules} rule${rules === 1 ? '' : 's'}, ${properties} propert${properties === 1 ? 'y' : 'ies'}\n`);
  }
  return hasErrors(problems) ? EXIT.invalid : EXIT.ok;
}

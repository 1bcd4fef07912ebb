/** build: the body an upload would send (Config API update, or Public API rules), printed without sending it. */
import { hasErrors } from '../plan/problems';
import { planApi } from '../segment/plan-api';
import { chooseApi } from '../segment/target';
import { CliIo, EXIT, loadPlan, ParsedArgs, printProblems, SelectedPlan, selectPlans, singleFile, tally } from './context';

export async function buildCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const loaded = await loadPlan(singleFile(args), args, io.env);
  const { problems } = loaded;
  printProblems(problems, io.stderr);
  if (hasErrors(problems)) {
    io.stderr(`${tally(problems)}: nothing built.\n`);
    return EXIT.invalid;
  }
  const [{ plan, settings }] = selectPlans(args, loaded, 'build') as [SelectedPlan];
  const body = planApi(chooseApi(settings)).requestBody(plan, settings.trackingPlanName);
  io.stdout(`${JSON.stringify(body, null, 2)}\n`);
  return EXIT.ok;
}

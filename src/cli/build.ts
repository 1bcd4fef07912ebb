/** build: the body an upload would send (Config API update, or Public API rules), printed without sending it. */
import { hasErrors } from '../plan/problems';
import { planApi } from '../segment/plan-api';
import { CliIo, EXIT, loadPlan, ParsedArgs, printProblems, singleFile, tally } from './context';

export async function buildCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const { result, merged, api, problems } = await loadPlan(singleFile(args), args, io.env);
  printProblems(problems, io.stderr);
  if (hasErrors(problems)) {
    io.stderr(`${tally(problems)}: nothing built.\n`);
    return EXIT.invalid;
  }
  const body = planApi(api).requestBody(result.plan, merged.trackingPlanName);
  io.stdout(`${JSON.stringify(body, null, 2)}\n`);
  return EXIT.ok;
}

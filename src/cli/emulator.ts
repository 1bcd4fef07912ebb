/** emulator: the local Segment API, serving until the process is told to stop (Ctrl-C, SIGTERM). */
import { promises as fs } from 'fs';
import { startEmulator } from '../emulator/server';
import type { EmulatorSeed } from '../emulator/state';
import { UnreadableFileError } from '../workbook/workbook';
import { CliIo, EXIT, flag, ParsedArgs, UsageError } from './context';

export async function emulatorCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const port = Number(flag(args, 'port') ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
  let seed: EmulatorSeed = {};
  const seedFile = flag(args, 'seed');
  if (seedFile) {
    try {
      seed = JSON.parse(await fs.readFile(seedFile, 'utf8')) as EmulatorSeed;
    } catch (e) {
      throw new UnreadableFileError(`${seedFile}: ${(e as Error).message}`);
    }
  }
  const emulator = await startEmulator({ seed }, port);
  io.stdout(
    `Segment API emulator listening on ${emulator.baseUrl}\n  Config API: ${emulator.configBaseUrl}\n  Public API: ${emulator.baseUrl}\n`,
  );
  for (const plan of emulator.state.plans) io.stdout(`  plan ${plan.resourceSchemaId} / ${plan.id} in workspace ${plan.workspace}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
  return EXIT.ok;
}

import { promises as fs } from 'fs';
import { TEMPLATE_CSV, TEMPLATE_XLSX, templateCsv, templateXlsx } from './template-files';

async function main(): Promise<void> {
  await fs.mkdir('template', { recursive: true });
  await fs.writeFile(TEMPLATE_XLSX, await templateXlsx());
  await fs.writeFile(TEMPLATE_CSV, templateCsv());
  process.stdout.write(`wrote ${TEMPLATE_XLSX} and ${TEMPLATE_CSV}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});

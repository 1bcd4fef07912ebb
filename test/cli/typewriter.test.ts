// From a sheet to a typed client: `export --typewriter` writes what typewriter 9 reads offline, typewriter builds
// an analytics.js client from it, and the TypeScript compiler holds calls to the plan's types.
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import ts from 'typescript';
import { rowsCsv } from '../../src/workbook/workbook';
import { cliAsync, ROOT } from '../helpers/cli';

// Inside the project, so the generated client resolves @segment/analytics-next and ajv from its node_modules.
const cache = path.join(ROOT, 'node_modules/.cache');
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(path.join(cache, 'typewriter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plan = path.join(dir, 'plan.csv');
writeFileSync(
  plan,
  rowsCsv([
    ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type', 'Required', 'Allowed Values'],
    ['Order Completed', 'An order is placed', '', '', '', '', ''],
    ['', '', 'total', 'Order total', 'number', 'TRUE', ''],
    ['', '', 'currency', 'ISO 4217 code', 'string', 'FALSE', 'USD, EUR'],
    ['Signed In', 'A user signs in', '', '', '', '', ''],
    ['', '', 'method', 'How', 'string', 'TRUE', ''],
  ]),
);

/** Each file's diagnostics, from one program over them all (one program: the libraries are parsed once). */
function compile(sources: Record<string, string>): Record<string, string[]> {
  const files = Object.keys(sources).map((file) => path.join(dir, file));
  for (const file of Object.keys(sources)) writeFileSync(path.join(dir, file), sources[file]);
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2019,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    lib: ['lib.es2019.d.ts', 'lib.dom.d.ts'],
    types: [],
  });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return Object.fromEntries(
    Object.keys(sources).map((file) => [
      file,
      diagnostics
        .filter((d) => d.file?.fileName === path.join(dir, file))
        .map((d) => `${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`),
    ]),
  );
}

describe('export --typewriter', () => {
  it('writes plan.json and typewriter.yml; typewriter builds a client that types the plan’s calls', async () => {
    const out = path.join(dir, 'analytics');
    const run = await cliAsync(['export', plan, '--typewriter', out, '--plan', 'tp_web', '--name', 'Web']);
    expect([run.status, run.stderr]).toEqual([0, '']);
    const first = readFileSync(path.join(out, 'plan.json'), 'utf8');
    expect((await cliAsync(['export', plan, '--typewriter', out, '--plan', 'tp_web', '--name', 'Web'])).stdout).toContain('kept');
    expect(readFileSync(path.join(out, 'plan.json'), 'utf8')).toBe(first);
    const written = JSON.parse(first) as {
      id: string;
      name: string;
      slug: string;
      rules: { type: string; key: string; version: number }[];
    };
    expect([written.id, written.name, written.slug]).toEqual(['tp_web', 'Web', 'web']);
    expect(written.rules.map((r) => [r.type, r.key, r.version])).toEqual([
      ['TRACK', 'Order Completed', 1],
      ['TRACK', 'Signed In', 1],
    ]);
    expect(readFileSync(path.join(dir, 'typewriter.yml'), 'utf8')).toContain('  - id: "tp_web"\n    path: "./analytics"\n');

    const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typewriter/bin/run'), 'build'], {
      cwd: dir,
      env: { ...process.env, CI: 'true', SEGMENT_TOKEN: '', TYPEWRITER_TOKEN: '' },
      input: '',
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(build.status).toBe(0);
    const client = readFileSync(path.join(out, 'segment.ts'), 'utf8');
    expect(client).toContain('export function orderCompleted(');

    const diagnostics = compile({
      'good.ts':
        `import { Currency, orderCompleted, signedIn } from './analytics/segment';\n` +
        `orderCompleted({ total: 12.5, currency: Currency.Eur });\norderCompleted({ total: 3 });\nsignedIn({ method: 'sso' });\n`,
      'bad.ts': `import { orderCompleted } from './analytics/segment';\norderCompleted({ total: '12.5' });\norderCompleted({ total: 1, currency: 'GBP' });\norderCompleted({});\n`,
    });
    expect(diagnostics['good.ts']).toEqual([]);
    expect(diagnostics['bad.ts']).toEqual([
      "2322 Type 'string' is not assignable to type 'number'.",
      "2322 Type '\"GBP\"' is not assignable to type 'Currency | undefined'.",
      "2345 Argument of type '{}' is not assignable to parameter of type 'OrderCompleted'.   Property 'total' is missing in type '{}' but required in type 'OrderCompleted'.",
    ]);
  }, 180_000);
});

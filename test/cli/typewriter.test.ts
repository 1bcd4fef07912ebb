// From a sheet to a typed client: `export --typewriter` writes what typewriter 9 reads offline, typewriter builds
// an analytics.js client from it, and the TypeScript compiler holds calls to the plan's types.
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import ts from 'typescript';
import { rowsCsv } from '../../src/workbook/workbook';
import { CLI, cliAsync, ROOT } from '../helpers/cli';

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

/** `npx typewriter build` in `cwd`, offline: no token, so it reads the plan.json typewriter.yml points at. */
function typewriterBuild(cwd: string, ...flags: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typewriter/bin/run'), 'build', ...flags], {
    cwd,
    env: { ...process.env, CI: 'true', SEGMENT_TOKEN: '', TYPEWRITER_TOKEN: '' },
    input: '',
    encoding: 'utf8',
    timeout: 120_000,
  });
}

/** Each file's diagnostics, from one program over them all (one program: the libraries are parsed once). */
function compile(sources: Record<string, string>, base = dir): Record<string, string[]> {
  const files = Object.keys(sources).map((file) => path.join(base, file));
  for (const file of Object.keys(sources)) writeFileSync(path.join(base, file), sources[file]);
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
        .filter((d) => d.file?.fileName === path.join(base, file))
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

    expect(typewriterBuild(dir).status).toBe(0);
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

/** The calls the generated client makes, run in a Node process of its own with a stand-in analytics.js. */
function runClient(base: string, calls: string): unknown[] {
  const source = readFileSync(path.join(base, 'analytics/segment.ts'), 'utf8');
  const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2019, esModuleInterop: true };
  writeFileSync(path.join(base, 'analytics/segment.js'), ts.transpileModule(source, { compilerOptions: options }).outputText);
  const script = [
    "const client = require('./analytics/segment.js');",
    'const sent = [];',
    'const track = (event, properties, options) => sent.push({ type: "track", event, properties, context: options.context });',
    'client.setTypewriterOptions({ analytics: { track } });',
    calls,
    'process.stdout.write(sent.map((call) => JSON.stringify(call)).join("\\n"));',
  ].join('\n');
  const run = spawnSync(process.execPath, ['-e', script], { cwd: base, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return run.stdout.split('\n').map((line) => JSON.parse(line) as unknown);
}

describe('export --typewriter and versions', () => {
  it('exports the oldest version of a versioned event and says so; the client’s calls pass Segment’s check', async () => {
    const base = path.join(dir, 'versions');
    mkdirSync(base);
    const sheet = path.join(base, 'plan.csv');
    writeFileSync(
      sheet,
      rowsCsv([
        ['Event Type', 'Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type', 'Required', 'Version'],
        ['track', 'Order Completed', 'An order is placed', '', '', '', '', '1'],
        ['', '', '', 'order_id', 'Order id', 'string', 'TRUE', ''],
        ['track', 'Order Completed', 'An order is placed', '', '', '', '', '2'],
        ['', '', '', 'checkout_id', 'Checkout id', 'string', 'TRUE', ''],
        ['page', 'Home', 'The home page', '', '', '', '', ''],
        ['identify', '', '', 'email', 'Email address', 'string', '', ''],
        ['group', '', '', 'name', 'Company name', 'string', '', ''],
        ['common', '', '', 'context', 'Context every call carries', 'object', '', ''],
      ]),
    );
    const out = path.join(base, 'analytics');
    const run = await cliAsync(['export', sheet, '--typewriter', out, '--plan', 'tp_web']);
    expect([run.status, run.stderr]).toEqual([
      0,
      'note: typewriter 9 cannot send context.protocols.event_version, so Segment checks its calls against an ' +
        'event’s oldest version; plan.json holds only that version of Order Completed (v1 kept; v2 left out).\n',
    ]);
    expect(run.stdout).toBe(
      `wrote ${out}/plan.json (5 rules)\n` +
        'typewriter 9 generates functions for track events only; none for page "Home", identify traits, group traits, ' +
        'common rules (they stay in plan.json)\n' +
        `wrote ${base}/typewriter.yml\n`,
    );
    const written = JSON.parse(readFileSync(path.join(out, 'plan.json'), 'utf8')) as {
      rules: { type: string; key?: string; version: number }[];
    };
    expect(written.rules.map((r) => [r.type, r.key ?? '', r.version])).toEqual([
      ['TRACK', 'Order Completed', 1],
      ['PAGE', 'Home', 1],
      ['IDENTIFY', '', 1],
      ['GROUP', '', 1],
      ['COMMON', '', 1],
    ]);

    // The development build checks each call with ajv 8, which throws on the draft-04 `$schema` of every rule.
    expect(typewriterBuild(base, '--mode', 'prod').status).toBe(0);
    expect(
      compile({ 'v1.ts': `import { orderCompleted } from './analytics/segment';\norderCompleted({ order_id: 'o1' });\n` }, base),
    ).toEqual({
      'v1.ts': [],
    });
    const sent = runClient(base, "client.orderCompleted({ order_id: 'o1' });");
    expect(sent).toEqual([
      {
        type: 'track',
        event: 'Order Completed',
        properties: { order_id: 'o1' },
        // No `protocols`: Segment checks the call against the oldest version, the one plan.json typed it from.
        context: { typewriter: { language: 'typescript', version: expect.any(String) as string } },
      },
    ]);
    writeFileSync(path.join(base, 'calls.ndjson'), `${JSON.stringify(sent[0])}\n`);
    const check = await cliAsync(['check', sheet, path.join(base, 'calls.ndjson')]);
    expect([check.status, check.stdout]).toEqual([0, '1 call checked: 1 pass, 0 violate, 0 unplanned\n']);
  }, 180_000);
});

describe('export --typewriter DIR', () => {
  const base = path.join(dir, 'dirs');
  mkdirSync(base);

  it('`.` writes plan.json and typewriter.yml in the current folder, not in its parent; typewriter builds there', () => {
    const here = path.join(base, 'here');
    mkdirSync(here);
    const run = spawnSync(process.execPath, [CLI, 'export', plan, '--typewriter', '.', '--plan', 'tp_web'], {
      cwd: here,
      encoding: 'utf8',
    });
    expect([run.status, run.stderr, run.stdout]).toEqual([0, '', 'wrote plan.json (2 rules)\nwrote typewriter.yml\n']);
    expect(existsSync(path.join(base, 'typewriter.yml'))).toBe(false);
    expect(readFileSync(path.join(here, 'typewriter.yml'), 'utf8')).toContain('  - id: "tp_web"\n    path: "."\n');
    expect(typewriterBuild(here).status).toBe(0);
    expect(readFileSync(path.join(here, 'segment.ts'), 'utf8')).toContain('export function orderCompleted(');
  }, 180_000);

  it('a DIR under a file, a DIR that is a file and a plan.json that is a folder are exit 2 with a message', async () => {
    const file = path.join(base, 'some-file.txt');
    writeFileSync(file, 'not a folder');
    for (const target of [path.join(file, 'out'), file]) {
      const run = await cliAsync(['export', plan, '--typewriter', target]);
      expect([run.status, run.stdout, run.stderr]).toEqual([
        2,
        '',
        `error: --typewriter ${target}: ${file} is a file, not a folder; give a folder that exists or can be made.\n`,
      ]);
    }
    const taken = path.join(base, 'taken');
    mkdirSync(path.join(taken, 'plan.json'), { recursive: true });
    const run = await cliAsync(['export', plan, '--typewriter', taken]);
    expect([run.status, run.stdout, run.stderr]).toEqual([
      2,
      '',
      `error: --typewriter ${taken}: could not write ${taken}/plan.json (EISDIR: illegal operation on a directory, open '${taken}/plan.json').\n`,
    ]);
  });

  it('a plan without track events says typewriter will have nothing to build', async () => {
    const sheet = path.join(base, 'traits.csv');
    writeFileSync(
      sheet,
      rowsCsv([
        ['Event Type', 'Event Name', 'Property Name', 'Property Description', 'Property Type'],
        ['identify', '', 'email', 'Email address', 'string'],
      ]),
    );
    const run = await cliAsync(['export', sheet, '--typewriter', path.join(base, 'traits')]);
    expect([run.status, run.stderr]).toEqual([
      0,
      'note: the plan has no track events, so typewriter 9 has nothing to build (it stops with "No rules found").\n',
    ]);
  });
});

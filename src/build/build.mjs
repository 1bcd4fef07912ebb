// Writes dist/: the Node CLI (dist/cli.js) and the Apps Script project (Code.js, appsscript.json, HTML).
import { build } from 'esbuild';
import { promises as fs } from 'fs';
import vm from 'vm';

const GLOBAL_NAME = 'SegmentAddon';

await fs.rm('dist', { recursive: true, force: true });
await fs.mkdir('dist', { recursive: true });

await build({
  entryPoints: ['src/cli/index.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});

const result = await build({
  entryPoints: ['src/apps-script/index.ts'],
  bundle: true,
  write: false,
  format: 'iife',
  globalName: GLOBAL_NAME,
  target: 'es2019',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  charset: 'utf8',
  loader: { '.css': 'text' },
  logLevel: 'warning',
});
const code = result.outputFiles[0].text;
// Apps Script only calls top-level function declarations (menu items, triggers, google.script.run),
// so every export of the entry file gets a stub that forwards to the bundle.
const context = vm.createContext({});
vm.runInContext(`${code}\nthis.__names = Object.keys(${GLOBAL_NAME});`, context);
const names = [...context.__names].sort();
const stubs = names.map((name) => `function ${name}(...args) { return ${GLOBAL_NAME}.${name}(...args); }`).join('\n');
await fs.writeFile('dist/Code.js', `${code}\n// Entry points Apps Script can see.\n${stubs}\n`);
await fs.copyFile('appsscript.json', 'dist/appsscript.json');
// Each dialog page gets the shared style where it says /* base.css */, and the shared script at /* base.js */.
const baseCss = await fs.readFile('src/apps-script/html/base.css', 'utf8');
const baseJs = await fs.readFile('src/apps-script/html/base.js', 'utf8');
for (const file of await fs.readdir('src/apps-script/html')) {
  if (!file.endsWith('.html')) continue;
  const page = await fs.readFile(`src/apps-script/html/${file}`, 'utf8');
  await fs.writeFile(
    `dist/${file}`,
    page.replace('/* base.css */', () => baseCss).replace('/* base.js */', () => baseJs),
  );
}

// Writes dist/: the Node CLI (dist/cli.js) and the Apps Script project (Code.js, appsscript.json, HTML).
import { build } from 'esbuild';
import { promises as fs } from 'fs';
import vm from 'vm';

const GLOBAL_NAME = 'SegmentAddon';

// Every file is written whole under a temporary name and renamed into place, and dist/ is never emptied first: a
// test run, the bench or npm start reading dist/ while another build runs sees the old file or the new, never none.
await fs.mkdir('dist', { recursive: true });
const written = new Set();
async function writeWhole(name, content) {
  const temporary = `dist/.${name}.${process.pid}.tmp`;
  await fs.writeFile(temporary, content);
  await fs.rename(temporary, `dist/${name}`);
  written.add(name);
}

const cli = await build({
  entryPoints: ['src/cli/index.ts'],
  write: false,
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
await writeWhole('cli.js', cli.outputFiles[0].contents);

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
  // es2019 lowers syntax only: a library call newer than that (re2js's Object.hasOwn) is mapped to our own.
  inject: ['src/apps-script/object-has-own.ts'],
  define: { 'Object.hasOwn': 'objectHasOwn' },
  logLevel: 'warning',
});
const code = result.outputFiles[0].text;
// Apps Script only calls top-level function declarations (menu items, triggers, google.script.run),
// so every export of the entry file gets a stub that forwards to the bundle.
const context = vm.createContext({});
vm.runInContext(`${code}\nthis.__names = Object.keys(${GLOBAL_NAME});`, context);
const names = [...context.__names].sort();
const stubs = names.map((name) => `function ${name}(...args) { return ${GLOBAL_NAME}.${name}(...args); }`).join('\n');
await writeWhole('Code.js', `${code}\n// Entry points Apps Script can see.\n${stubs}\n`);
await writeWhole('appsscript.json', await fs.readFile('appsscript.json'));
// Each dialog page gets the shared style where it says /* base.css */, the shared script at /* base.js */, and any
// other asset of the folder where it names it (/* sidebar.js */): Apps Script serves one HTML file per page.
const htmlFiles = await fs.readdir('src/apps-script/html');
const assets = [];
for (const file of htmlFiles) {
  if (file.endsWith('.css') || file.endsWith('.js'))
    assets.push([`/* ${file} */`, await fs.readFile(`src/apps-script/html/${file}`, 'utf8')]);
}
for (const file of htmlFiles) {
  if (!file.endsWith('.html')) continue;
  let page = await fs.readFile(`src/apps-script/html/${file}`, 'utf8');
  for (const [marker, content] of assets) page = page.replace(marker, () => content);
  await writeWhole(file, page);
}
// What an earlier build wrote and this one did not (a page since removed) would otherwise be pushed by clasp.
for (const file of await fs.readdir('dist')) {
  if (!written.has(file) && !file.endsWith('.tmp')) await fs.rm(`dist/${file}`, { recursive: true, force: true });
}

// Layers that hold: each folder of src/ imports only from the folders below it. A new import the wrong way
// (the parser reaching into Segment's API, say) fails here, naming the file and the import. Inside a folder, no
// two modules import each other, however indirectly: a circle has no module that can be read (or changed) first.
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '../src');

/** What each folder may import. The core (json → plan → schema → segment) knows nothing of the adapters. */
const ALLOWED: Record<string, readonly string[]> = {
  json: [],
  plan: ['json'],
  schema: ['json', 'plan'],
  segment: ['json', 'plan', 'schema'],
  // Checking Segment calls against the plan's rules.
  events: ['json', 'plan', 'schema'],
  workbook: ['plan'],
  'apps-script': ['json', 'plan', 'schema', 'segment', 'events'],
  emulator: ['json', 'plan', 'schema', 'segment'],
  // The CLI also hosts the emulator (`emulator` command).
  cli: ['json', 'plan', 'schema', 'segment', 'workbook', 'emulator', 'events'],
  template: ['plan', 'workbook'],
  // Test harness: stands in for Apps Script around the add-on, and reads the add-on's page types.
  'apps-script-fakes': ['json', 'plan', 'segment', 'apps-script', 'events'],
  demo: ['apps-script-fakes', 'emulator', 'workbook'],
  build: [],
};

/** A relative import (type-only and `export … from` included), as in the source text. */
const RELATIVE_IMPORT = /(?:from|import)\s*\(?\s*'(\.[^']+)'/g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|mjs)$/.test(name) ? [full] : [];
  });
}

describe('layers', () => {
  it('every folder of src/ is known, and imports only from the folders below it', () => {
    const folders = readdirSync(SRC).filter((name) => statSync(path.join(SRC, name)).isDirectory());
    expect(folders.filter((f) => !(f in ALLOWED))).toEqual([]);
    const wrong: string[] = [];
    for (const file of sources(SRC)) {
      const from = path.relative(SRC, file).split(path.sep)[0];
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(RELATIVE_IMPORT)) {
        const to = path.relative(SRC, path.resolve(path.dirname(file), m[1])).split(path.sep)[0];
        if (to !== from && !ALLOWED[from]?.includes(to)) wrong.push(`${path.relative(SRC, file)} imports ${m[1]}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('no folder of src/ has an import circle (type-only imports count: they tie the modules together all the same)', () => {
    const circles = importCircles(importGraph(sources(SRC)));
    expect(circles.map((files) => files.map((f) => path.relative(SRC, f).split(path.sep).join('/')).join(' '))).toEqual([]);
  });
});

/** Each file's imports of files in its own folder tree (an import across folders is the layers' business). */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const folder = path.relative(SRC, file).split(path.sep)[0];
    const targets = new Set<string>();
    for (const m of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      const target = moduleFile(path.resolve(path.dirname(file), m[1]));
      if (target && path.relative(SRC, target).split(path.sep)[0] === folder) targets.add(target);
    }
    graph.set(file, [...targets]);
  }
  return graph;
}

/** The file an import names: `./plan-api` is `plan-api.ts`, a folder its `index.ts`. */
function moduleFile(base: string): string | undefined {
  return [base, `${base}.ts`, `${base}.mjs`, path.join(base, 'index.ts')].find((f) => existsSync(f) && statSync(f).isFile());
}

/** The graph's strongly connected components of more than one file (Tarjan's), each sorted, in sorted order. */
function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    lowest.set(file, index.get(file) as number);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) visit(next);
      if (onStack.has(next)) lowest.set(file, Math.min(lowest.get(file) as number, lowest.get(next) as number));
    }
    if (lowest.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1) circles.push(component.sort());
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return circles.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

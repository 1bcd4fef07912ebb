// Layers that hold: each folder of src/ imports only from the folders below it. A new import the wrong way
// (the parser reaching into Segment's API, say) fails here, naming the file and the import.
import { readdirSync, readFileSync, statSync } from 'fs';
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
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
        const to = path.relative(SRC, path.resolve(path.dirname(file), m[1])).split(path.sep)[0];
        if (to !== from && !ALLOWED[from]?.includes(to)) wrong.push(`${path.relative(SRC, file)} imports ${m[1]}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

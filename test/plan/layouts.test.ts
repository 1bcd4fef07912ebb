// Plans laid out the way other tools lay them out: each fixture uses the tool's column names, and the test
// asserts the rules built from it, not only that it validates.
import fc from 'fast-check';
import { readFileSync } from 'fs';
import * as path from 'path';
import { COLUMNS } from '../../src/plan/columns';
import type { CellValue } from '../../src/plan/cell-values';
import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { buildConfigRules } from '../../src/schema/build-rules';
import { buildPublicRules } from '../../src/segment/public-api';
import type { Problem } from '../../src/plan/problems';
import { readWorkbook } from '../../src/workbook/workbook';

const properties = (rule: unknown) =>
  (rule as { properties: { properties: { properties: object; required?: string[] } } }).properties.properties;
const traits = (rule: unknown) => (rule as { properties: { traits: { properties: object; required?: string[] } } }).properties.traits;

function read(grid: CellValue[][]) {
  const { plan, problems } = parseTrackingPlan(grid);
  return { plan, problems, rules: buildConfigRules(plan) };
}

describe('other tools’ layouts', () => {
  it("RudderStack's columns: Rule Type and Req'd", () => {
    const { problems, rules } = read([
      ['Rule Type', 'Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type', "Req'd"],
      ['Track', 'Product Viewed', 'A product page opens', '', '', '', ''],
      ['', '', '', 'sku', 'Stock keeping unit', 'String', 'Y'],
      ['Identify', '', '', 'email', 'Email address', 'String', 'N'],
      ['Identify', '', '', 'age', 'Age in years', 'Int', 'N'],
    ]);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(properties(rules.events[0]?.rules)).toEqual({
      type: 'object',
      properties: { sku: { description: 'Stock keeping unit', type: 'string' } },
      required: ['sku'],
    });
    expect(traits(rules.identify).properties).toEqual({
      email: { description: 'Email address', type: 'string' },
      age: { description: 'Age in years', type: 'integer' },
    });
  });

  it("Segment's editor columns: Name, Description, Status, Data Type, Permitted Values", () => {
    const { problems, rules } = read([
      ['Event Name', 'Event Description', 'Name', 'Description', 'Status', 'Data Type', 'Permitted Values'],
      ['Order Completed', 'An order is placed', '', '', '', '', ''],
      ['', '', 'currency', 'ISO 4217 code', 'Required', 'String', 'USD, EUR'],
      ['', '', 'coupon', 'Code used', 'Optional', 'Text', ''],
      ['', '', 'placed_at', 'When', 'Optional', 'Date time', ''],
    ]);
    expect(problems).toEqual([]);
    expect(properties(rules.events[0]?.rules)).toEqual({
      type: 'object',
      properties: {
        currency: { description: 'ISO 4217 code', type: 'string', enum: ['USD', 'EUR'] },
        coupon: { description: 'Code used', type: 'string' },
        placed_at: { description: 'When', type: 'string', format: 'date-time' },
      },
      required: ['currency'],
    });
  });

  it("Segment's exporter spellings, and the other spellings analysts use", () => {
    const exporter = read([
      [
        'Event Name',
        'Event Description',
        'Property Name',
        'Property Description',
        'Property Status',
        'Property Data Type',
        'Allowed Property Values',
      ],
      ['Signed Up', 'An account is made', '', '', '', '', ''],
      ['', '', 'plan', 'Chosen plan', 'required', 'string', 'free, pro'],
    ]);
    const others = read([
      [
        'Event Name',
        'Event Description',
        'Property',
        'Property Definition',
        'Required (Y/N)',
        'Type',
        'Permitted Values',
        'Property Regex',
        'Min Length',
      ],
      ['Signed Up', 'An account is made', '', '', '', '', '', '', ''],
      ['', '', 'plan', 'Chosen plan', 'Y', 'Str', 'free, pro', '^[a-z]+$', 3],
    ]);
    expect(exporter.problems).toEqual([]);
    expect(others.problems).toEqual([]);
    expect(properties(exporter.rules.events[0]?.rules).properties).toEqual({
      plan: { description: 'Chosen plan', type: 'string', enum: ['free', 'pro'] },
    });
    expect(properties(others.rules.events[0]?.rules)).toEqual({
      type: 'object',
      properties: { plan: { description: 'Chosen plan', type: 'string', enum: ['free', 'pro'], pattern: '^[a-z]+$', minLength: 3 } },
      required: ['plan'],
    });
  });

  it('one Description column describes events on event rows and properties on property rows', () => {
    const { problems, rules } = read([
      ['Event Name', 'Property Name', 'Description', 'Type', 'Required'],
      ['Order Completed', '', 'An order is placed', '', ''],
      ['', 'currency', 'ISO 4217 code', 'string', 'yes'],
      ['Signed In', '', 'A user signs in', '', ''],
      ['', 'method', 'How they signed in', 'string', 'no'],
    ]);
    expect(problems).toEqual([]);
    expect(rules.events.map((e) => [e.name, e.description])).toEqual([
      ['Order Completed', 'An order is placed'],
      ['Signed In', 'A user signs in'],
    ]);
    expect(properties(rules.events[0]?.rules)).toEqual({
      type: 'object',
      properties: { currency: { description: 'ISO 4217 code', type: 'string' } },
      required: ['currency'],
    });
    expect(properties(rules.events[1]?.rules)).toEqual({
      type: 'object',
      properties: { method: { description: 'How they signed in', type: 'string' } },
    });
  });

  it('two columns with one meaning are merged row by row; different values on one row are an error at the second', () => {
    const { problems, rules } = read([
      ['Event Name', 'Property Name', 'Property Type', 'Allowed Property Values', 'Enum Values', 'Data Type'],
      ['Order Completed', '', '', '', '', ''],
      ['', 'currency', 'string', 'USD, EUR', '', ''],
      ['', 'channel', '', '', 'web, app', 'string'],
      ['', 'tier', 'string', 'gold', 'gold', 'string'],
      ['Cart Viewed', '', '', '', '', ''],
      ['', 'size', 'string', 's, m', 'l, xl', ''],
      ['', 'count', 'integer', '', '', 'number'],
    ]);
    expect(problems.filter((p) => p.severity === 'error').map((p) => [p.cell, p.message])).toEqual([
      [
        'E7',
        'Enum Values "l, xl" differs from Allowed Property Values "s, m" (column D) on this row, and both mean Allowed Values. Keep one value, or clear one of the cells.',
      ],
      [
        'F8',
        'Data Type "number" differs from Property Type "integer" (column C) on this row, and both mean Property Type. Keep one value, or clear one of the cells.',
      ],
    ]);
    expect(problems.filter((p) => p.row === 1)).toEqual([]);
    expect(properties(rules.events[0]?.rules).properties).toEqual({
      currency: { description: '', type: 'string', enum: ['USD', 'EUR'] },
      channel: { description: '', type: 'string', enum: ['web', 'app'] },
      tier: { description: '', type: 'string', enum: ['gold'] },
    });
  });

  it("a list flag (Avo's Is List) makes the property an array of the given type; a flag not understood is an error at it", () => {
    const { problems, rules } = read([
      ['Event Name', 'Property Name', 'Description', 'Property Type', 'Is List', 'Allowed Values', 'Max'],
      ['Search Run', '', 'A search is made', '', '', '', ''],
      ['', 'filters', 'Filters applied', 'string', 'TRUE', 'price, brand', ''],
      ['', 'page_sizes', 'Sizes seen', 'integer', 'yes', '', '100'],
      ['', 'query', 'What was typed', 'string', 'FALSE', '', '80'],
      ['', 'flags', 'Flags', 'boolean', 'maybe', '', ''],
    ]);
    expect(problems.map((p) => [p.cell, p.severity, p.message])).toEqual([
      ['E6', 'error', 'Is List "maybe" is not understood. Use TRUE (the property is a list of Property Type) or FALSE, or leave it blank.'],
    ]);
    expect(properties(rules.events[0]?.rules).properties).toEqual({
      filters: { description: 'Filters applied', type: 'array', items: { description: '', type: 'string', enum: ['price', 'brand'] } },
      page_sizes: { description: 'Sizes seen', type: 'array', items: { description: '', type: 'integer', maximum: 100 } },
      query: { description: 'What was typed', type: 'string', maxLength: 80 },
    });
  });

  it('one Name column names events on event rows and properties on property rows, as Object Type says', () => {
    const { problems, rules } = read([
      ['Object Type', 'Name', 'Description', 'Data Type', 'Required'],
      ['Event', 'Song Played', 'A song starts playing', '', ''],
      ['Event Property', 'song_id', 'Catalogue id', 'string', 'TRUE'],
      ['', 'volume', 'Volume level', 'number', 'FALSE'],
      ['User Property', 'plan', 'Subscription plan', 'string', 'FALSE'],
      ['Track', 'Song Paused', 'The listener pauses', '', ''],
      ['Event Property', 'at_second', 'Where in the song', 'integer', 'TRUE'],
    ]);
    expect(problems).toEqual([]);
    expect(rules.events.map((e) => [e.name, e.description])).toEqual([
      ['Song Played', 'A song starts playing'],
      ['Song Paused', 'The listener pauses'],
    ]);
    expect(properties(rules.events[0]?.rules)).toEqual({
      type: 'object',
      properties: {
        song_id: { description: 'Catalogue id', type: 'string' },
        volume: { description: 'Volume level', type: 'number' },
      },
      required: ['song_id'],
    });
    expect(traits(rules.identify).properties).toEqual({ plan: { description: 'Subscription plan', type: 'string' } });
    expect(properties(rules.events[1]?.rules)).toEqual({
      type: 'object',
      properties: { at_second: { description: 'Where in the song', type: 'integer' } },
      required: ['at_second'],
    });
  });

  const fixture = async (file: string) => {
    const workbook = await readWorkbook(path.join(__dirname, '../fixtures/layouts', file));
    return read(workbook.plan);
  };
  const unread = (problems: Problem[]) =>
    problems.filter((p) => p.severity === 'warning').map((p) => `${p.cell} ${p.message.split(' is not read')[0]}`);

  it("Amplitude's events CSV: Object Type rows, Object Name, Property Value Type, Enum Values, Property Regex", async () => {
    const { problems, rules } = await fixture('amplitude-events.csv');
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(unread(problems)).toEqual([
      'A1 Column "Action"',
      'D1 Column "Event Display Name"',
      'E1 Column "Object Owner"',
      'G1 Column "Event Category"',
    ]);
    expect(rules.events.map((e) => [e.name, e.description])).toEqual([
      ['Song Played', 'A song starts playing'],
      ['Playlist Created', 'A user saves a new playlist'],
    ]);
    expect(properties(rules.events[0]?.rules)).toEqual({
      type: 'object',
      properties: {
        song_id: { description: 'Catalogue id of the song', type: 'string', pattern: '^s_[0-9]+$' },
        source: { description: 'Where the play started', type: 'string', enum: ['search', 'playlist', 'radio'] },
        duration_seconds: { description: 'Length of the song', type: 'number' },
        genres: {
          description: 'Genres of the song',
          type: 'array',
          items: { description: '', type: 'string', enum: ['pop', 'rock', 'jazz'] },
        },
      },
      required: ['song_id', 'duration_seconds'],
    });
    expect(properties(rules.events[1]?.rules)).toEqual({
      type: 'object',
      properties: { public: { description: 'Whether others can see it', type: 'boolean' } },
    });
  });

  it("Mixpanel's Lexicon CSV: Entity Type event and profile, Entity Name, Property Type", async () => {
    const { problems, rules } = await fixture('mixpanel-lexicon.csv');
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(unread(problems)).toEqual(['C1 Column "Entity Display Name"', 'F1 Column "Property Display Name"']);
    expect(rules.events.map((e) => [e.name, e.description])).toEqual([['Added to Cart', 'An item goes into the cart']]);
    expect(properties(rules.events[0]?.rules)).toEqual({
      type: 'object',
      properties: {
        item_name: { description: 'Name of the item', type: 'string' },
        item_price: { description: 'Price in dollars', type: 'number' },
        on_sale: { description: 'Whether a discount applies', type: 'boolean' },
      },
    });
    expect(traits(rules.identify).properties).toEqual({
      $email: { description: 'Email address of the user', type: 'string' },
      plan: { description: 'Subscription plan', type: 'string' },
    });
  });

  it("Avo's export: Property Presence (Always sent), Avo's types, pipe-separated allowed values", async () => {
    const { problems, rules } = await fixture('avo-export.csv');
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(unread(problems)).toEqual(['C1 Column "Category"']);
    expect(properties(rules.events[0]?.rules)).toEqual({
      type: 'object',
      properties: {
        cart_value: { description: 'Total of the cart', type: 'number' },
        currency: { description: 'ISO 4217 code', type: 'string', enum: ['USD', 'EUR', 'GBP'] },
        coupon_codes: { description: 'Codes entered', type: 'array' },
        item_count: { description: 'Items in the cart', type: 'integer' },
      },
      required: ['cart_value', 'currency'],
    });
  });

  it("section rows of Segment's old template are headings, not events", () => {
    const { plan, rules } = read([
      ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type'],
      ['Identify (traits)', '', '', '', ''],
      ['', '', 'email', 'Email address', 'string'],
      ['Track Events', '', '', '', ''],
      ['Signed In', 'A user signs in', '', '', ''],
    ]);
    expect(plan.events.map((e) => `${e.type} ${e.name}`)).toEqual(['identify ', 'track Signed In']);
    expect(Object.keys(traits(rules.identify).properties)).toEqual(['email']);
  });

  it('every column nobody reads is a warning at its header cell', () => {
    const { problems } = read([
      ['Event Name', 'Event Description', 'Property Name', 'Screenshot', 'Design Link'],
      ['Signed In', 'A user signs in', '', 'shot.png', 'https://figma.example/1'],
    ]);
    expect(problems.map((p) => [p.cell, p.severity, p.message.split(' is not read')[0]])).toEqual([
      ['D1', 'warning', 'Column "Screenshot"'],
      ['E1', 'warning', 'Column "Design Link"'],
    ]);
  });

  it('random header spellings and column orders of one plan build identical rules', () => {
    const spellings: Record<string, string[]> = {
      'Event Name': ['Event Name', 'event_name', 'EVENT NAME', 'Event-Name'],
      'Event Description': ['Event Description', 'Fires when...', 'event description:', 'Trigger'],
      'Property Name': ['Property Name', 'Property', 'property_name', 'Name'],
      'Property Description': ['Property Description', 'Property Definition', 'Description'],
      'Property Type': ['Property Type', 'Data Type', 'Type', 'property_data_type'],
      Required: ['Required', "Req'd", 'Required (Y/N)', 'Status', 'Is Required?'],
      'Allowed Values': ['Allowed Values', 'Permitted Values', 'Enum Values', 'allowed_property_values'],
    };
    const columns = Object.keys(spellings);
    const rows = [
      ['Order Completed', 'An order is placed', '', '', '', '', ''],
      ['', '', 'currency', 'Code', 'string', 'yes', 'USD, EUR'],
      ['', '', 'total', 'Sum', 'number', 'no', ''],
    ];
    const expected = JSON.stringify(buildPublicRules(parseTrackingPlan([columns, ...rows]).plan));
    fc.assert(
      fc.property(
        fc.shuffledSubarray(
          columns.map((_, i) => i),
          { minLength: columns.length, maxLength: columns.length },
        ),
        fc.array(fc.nat(3), { minLength: columns.length, maxLength: columns.length }),
        (order, picks) => {
          const header = order.map((i, k) => {
            const choices = spellings[columns[i] as string] as string[];
            return choices[(picks[k] ?? 0) % choices.length] as string;
          });
          const grid = [header, ...rows.map((row) => order.map((i) => row[i] ?? ''))];
          const { plan, problems } = parseTrackingPlan(grid);
          expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
          expect(JSON.stringify(buildPublicRules(plan))).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the README', () => {
  it('lists every header spelling the engine accepts', () => {
    const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    const missing = COLUMNS.flatMap((c) => c.aliases.filter((a) => !readme.includes(`\`${a}\``)).map((a) => `${c.header}: ${a}`));
    expect(missing).toEqual([]);
  });
});

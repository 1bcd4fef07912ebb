// Sources (issue 19, item 1): a Sources column scopes events and properties to sources; Importer Settings
// `Plan for <Source>` rows name each source's plan; the rules are built per plan from the plan restricted to it.
import type { CellValue } from '../../src/plan/cell-values';
import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { parseImporterSettings } from '../../src/plan/settings';
import { knownSources, planForSources, planTargets } from '../../src/plan/sources';
import { buildConfigRules } from '../../src/schema/build-rules';

const SETTINGS: CellValue[][] = [
  ['Workspace Slug', 'acme'],
  ['Plan for Web', 'rs_web'],
  ['Plan for iOS', 'https://app.segment.com/acme/protocols/tracking-plans/rs_mobile'],
  ['Plan for Android', 'rs_mobile'],
];

const GRID: CellValue[][] = [
  ['Event Name', 'Property Name', 'Property Type', 'Required', 'Platforms'],
  ['Order Completed', '', '', '', ''],
  ['', 'order_id', 'string', 'TRUE', ''],
  ['', 'device_id', 'string', 'TRUE', 'iOS'],
  ['', 'page_url', 'string', '', 'Web'],
  ['App Opened', '', '', '', 'iOS, android'],
  ['', 'cold_start', 'boolean', '', ''],
];

/** The problems besides missing descriptions (the grids leave them out for brevity). */
function problemsOf(grid: CellValue[][], sources: readonly string[]) {
  return parseTrackingPlan(grid, { sources })
    .problems.filter((p) => !p.message.includes('has no description'))
    .map((p) => `${p.cell ?? '(sheet)'} ${p.severity}: ${p.message}`);
}

const STRING = { description: '', type: 'string' };

describe('sources', () => {
  it('reads Plan for rows (an id or a plan URL) and groups sources sharing a plan into one target', () => {
    const settings = parseImporterSettings(SETTINGS);
    expect(settings.problems).toEqual([]);
    expect(knownSources(settings.settings)).toEqual(['Web', 'iOS', 'Android']);
    expect(planTargets(settings.settings).map((t) => [t.label, t.sources, t.settings.trackingPlanId])).toEqual([
      ['Web', ['Web'], 'rs_web'],
      ['iOS, Android', ['iOS', 'Android'], 'rs_mobile'],
    ]);
  });

  it('without Plan for rows, Tracking Plan ID is the one plan and holds every event', () => {
    const { settings } = parseImporterSettings([['Tracking Plan ID', 'rs_one']]);
    expect(planTargets(settings).map((t) => [t.label, t.sources, t.settings.trackingPlanId])).toEqual([['', null, 'rs_one']]);
  });

  it('builds each plan from the events and properties scoped to its sources (blank: every source)', () => {
    const { settings } = parseImporterSettings(SETTINGS);
    const parsed = parseTrackingPlan(GRID, { sources: knownSources(settings) });
    expect(problemsOf(GRID, knownSources(settings))).toEqual([]);
    const [web, mobile] = planTargets(settings).map((t) => buildConfigRules(planForSources(parsed.plan, t.sources)));
    expect(web).toEqual({
      events: [
        {
          name: 'Order Completed',
          description: '',
          version: 1,
          rules: {
            $schema: 'http://json-schema.org/draft-04/schema#',
            type: 'object',
            properties: {
              properties: { type: 'object', properties: { order_id: STRING, page_url: STRING }, required: ['order_id'] },
            },
            required: ['properties'],
          },
        },
      ],
      identify_traits: [],
      group_traits: [],
    });
    expect(mobile).toEqual({
      events: [
        {
          name: 'Order Completed',
          description: '',
          version: 1,
          rules: {
            $schema: 'http://json-schema.org/draft-04/schema#',
            type: 'object',
            properties: {
              properties: { type: 'object', properties: { order_id: STRING, device_id: STRING }, required: ['order_id', 'device_id'] },
            },
            required: ['properties'],
          },
        },
        {
          name: 'App Opened',
          description: '',
          version: 1,
          rules: {
            $schema: 'http://json-schema.org/draft-04/schema#',
            type: 'object',
            properties: { properties: { type: 'object', properties: { cold_start: { description: '', type: 'boolean' } } } },
          },
        },
      ],
      identify_traits: [],
      group_traits: [],
    });
  });

  it('scopes a nested property with its children, and a trait of the identify rules', () => {
    const grid: CellValue[][] = [
      ['Event Type', 'Event Name', 'Property Name', 'Property Type', 'Sources'],
      ['track', 'Signed In', '', '', ''],
      ['', '', 'device', 'object', 'iOS'],
      ['', '', 'device.model', 'string', ''],
      ['identify', '', 'push_token', 'string', 'Android'],
      ['identify', '', 'email', 'string', ''],
    ];
    const parsed = parseTrackingPlan(grid, { sources: ['Web', 'iOS', 'Android'] });
    expect(problemsOf(grid, ['Web', 'iOS', 'Android'])).toEqual([]);
    const web = buildConfigRules(planForSources(parsed.plan, ['Web']));
    expect(web.events[0]?.rules.properties).toEqual({ properties: { type: 'object', properties: {} } });
    expect(web.identify?.properties).toEqual({ traits: { type: 'object', properties: { email: STRING } } });
    const ios = buildConfigRules(planForSources(parsed.plan, ['iOS']));
    expect(ios.events[0]?.rules.properties).toEqual({
      properties: { type: 'object', properties: { device: { description: '', type: 'object', properties: { model: STRING } } } },
    });
    expect(planForSources(parsed.plan, null)).toBe(parsed.plan);
  });

  it('says a source no Plan for row knows at its cell, with the nearest name', () => {
    const grid: CellValue[][] = [
      ['Event Name', 'Property Name', 'Property Type', 'Source'],
      ['App Opened', '', '', 'andriod'],
      ['', 'cold_start', 'boolean', 'Web, Windows Phone'],
    ];
    expect(problemsOf(grid, ['Web', 'iOS', 'Android'])).toEqual([
      'D2 warning: Source "andriod" is not one of the sources Importer Settings has a Plan for row for (Web, iOS, Android), so no plan gets this event from it. Did you mean Android?',
      'D3 warning: Source "Windows Phone" is not one of the sources Importer Settings has a Plan for row for (Web, iOS, Android), so no plan gets this property from it. Add a Plan for Windows Phone row, or fix the name.',
    ]);
    // Without Plan for rows every name is the sheet's own: nothing to say.
    expect(problemsOf(grid, [])).toEqual([]);
  });

  it('refuses an event scoped twice differently, and a property row scoped again differently', () => {
    const grid: CellValue[][] = [
      ['Event Name', 'Property Name', 'Property Type', 'Sources'],
      ['App Opened', '', '', 'iOS'],
      ['', 'cold_start', 'boolean', 'iOS'],
      ['App Opened', '', '', 'Android'],
      ['', 'cold_start', 'boolean', 'Android'],
    ];
    expect(problemsOf(grid, ['iOS', 'Android'])).toEqual([
      'D4 error: Event "App Opened" is scoped to Android here but to iOS in row 2. Give the event one Sources cell (iOS, Android), or leave this one blank.',
      'D5 error: "cold_start" is already defined in row 3 for iOS. Define each property once per event, listing all its sources in one cell (iOS, Android).',
    ]);
  });

  it('reads Plan for rows: a value that is no plan id, and a source named twice, are errors at their cells', () => {
    const { problems } = parseImporterSettings([
      ['Plan for Web', 'web plan'],
      ['Plan for iOS', 'rs_ios'],
      ['Plan for ios', 'rs_other'],
      ['Plan for Android', ''],
      ['Tracking Plan ID', 'rs_one'],
    ]);
    expect(problems.map((p) => `${p.cell} ${p.severity}: ${p.message}`)).toEqual([
      'B1 error: Plan for Web "web plan" does not look like a Segment plan id: it starts with rs_ or tp_ (find it in the plan\'s URL in Segment).',
      'B3 error: Plan for ios repeats the source of row 2 (Plan for iOS). Keep one row per source.',
      'B4 error: Plan for Android has no plan id. Fill in the rs_ or tp_ id of the plan for Android (or its URL), or delete the row.',
      'B5 warning: Tracking Plan ID is not used: the Plan for rows name the plan of each source. Clear it, or name its source in a Plan for row.',
    ]);
  });
});

describe('the Sources column', () => {
  it.each(['Sources', 'Source', 'Platforms', 'Platform', 'Event Sources', 'source_names'])(
    'is read under the header %s, not warned about',
    (header) => {
      const grid: CellValue[][] = [
        ['Event Name', 'Event Description', 'Property Name', header],
        ['App Opened', 'The app opens', '', 'iOS'],
      ];
      const parsed = parseTrackingPlan(grid, { sources: ['iOS', 'Web'] });
      expect(parsed.problems).toEqual([]);
      expect(parsed.plan.events.map((e) => [e.name, e.sources])).toEqual([['App Opened', ['iOS']]]);
      expect(planForSources(parsed.plan, ['Web']).events).toEqual([]);
    },
  );
});

describe('Plan for rows, written loosely', () => {
  it('keep the source as written, without a trailing colon, whatever the spacing', () => {
    const { settings, problems } = parseImporterSettings([
      ['plan  for   Apple TV:', 'tp_tv'],
      ['PLAN FOR web?', 'rs_web'],
    ]);
    expect(problems).toEqual([]);
    expect(settings.plans).toEqual([
      { source: 'Apple TV', planId: 'tp_tv' },
      { source: 'web', planId: 'rs_web' },
    ]);
  });
});

describe('sources and property groups', () => {
  it('an @Group row with a Sources cell scopes every property the group brings (it was read for every source)', () => {
    const grid: CellValue[][] = [
      ['Event Name', 'Property Name', 'Property Type', 'Sources'],
      ['Order Completed', '', '', ''],
      ['', '@Device', '', 'iOS, Android'],
      ['', 'total', 'number', ''],
    ];
    const groups = {
      sheet: 'Property Groups',
      values: [
        ['Group', 'Property Name', 'Property Type'],
        ['Device', 'device.id', 'string'],
        ['Device', 'os', 'string'],
      ],
    };
    const parsed = parseTrackingPlan(grid, { sources: ['Web', 'iOS', 'Android'], groups });
    expect(parsed.problems.filter((p) => !p.message.includes('has no description')).map((p) => `${p.sheet}!${p.cell}`)).toEqual([
      'Property Groups!B2', // "device" has no row of its own: an implicit object, scoped with the rest
    ]);
    const paths = (sources: string[]) => planForSources(parsed.plan, sources).events[0]?.properties.map((p) => p.path);
    expect([paths(['Web']), paths(['iOS']), paths(['Android'])]).toEqual([['total'], ['device', 'os', 'total'], ['device', 'os', 'total']]);
  });

  it('an unknown source on an @Group row is said at its cell', () => {
    const grid: CellValue[][] = [
      ['Event Name', 'Property Name', 'Property Type', 'Sources'],
      ['Order Completed', '', '', ''],
      ['', '@Device', '', 'andriod'],
    ];
    const groups = {
      sheet: 'Property Groups',
      values: [
        ['Group', 'Property Name', 'Property Type'],
        ['Device', 'os', 'string'],
      ],
    };
    const problems = parseTrackingPlan(grid, { sources: ['Web', 'iOS', 'Android'], groups }).problems.filter((p) => p.cell === 'D3');
    expect(problems.map((p) => [p.severity, p.message.includes('Did you mean Android?')])).toEqual([['warning', true]]);
  });
});

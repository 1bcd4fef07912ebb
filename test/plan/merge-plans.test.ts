// Import from Segment of several plans (issue 19): one sheet where what every plan has alike is one row and what only
// some have is scoped to their sources; reading that sheet back builds each plan's own rules again.
import type { CellValue } from '../../src/plan/cell-values';
import { mergeSourcedPlans } from '../../src/plan/merge-plans';
import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { planForSources } from '../../src/plan/sources';
import { planToRows } from '../../src/plan/write-plan';
import { buildConfigRules } from '../../src/schema/build-rules';

const HEADER = ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type', 'Required'];
const WEB: CellValue[][] = [
  HEADER,
  ['Order Completed', 'An order is paid', '', '', '', ''],
  ['', '', 'order_id', 'The order', 'string', 'TRUE'],
  ['', '', 'page_url', 'The page', 'string', ''],
];
const MOBILE: CellValue[][] = [
  HEADER,
  ['Order Completed', 'An order is paid', '', '', '', ''],
  ['', '', 'order_id', 'The order', 'string', 'TRUE'],
  ['', '', 'device', 'The device', 'object', 'TRUE'],
  ['', '', 'device.model', 'Its model', 'string', ''],
  ['App Opened', 'The app opens', '', '', '', ''],
];

const plan = (grid: CellValue[][]) => parseTrackingPlan(grid).plan;
const PLANS = [
  { name: 'Plan for Web', sources: ['Web'], plan: plan(WEB) },
  { name: 'Plan for iOS, Android', sources: ['iOS', 'Android'], plan: plan(MOBILE) },
];

describe('several plans imported into one sheet', () => {
  it('writes events alike in every plan as one block, and what only some plans have as rows scoped to their sources', () => {
    const { plan: merged, conflicts } = mergeSourcedPlans(PLANS);
    expect(conflicts).toEqual([]);
    const rows = planToRows(merged).map((r) => [r[1], r[3], r[5], r[14]]);
    expect(rows).toEqual([
      ['Event Name', 'Property Name', 'Property Type', 'Sources'],
      ['Order Completed', '', '', ''],
      ['', 'order_id', 'string', ''],
      ['', 'page_url', 'string', 'Web'],
      ['', 'device', 'object', 'iOS, Android'],
      ['', 'device.model', 'string', ''],
      ['App Opened', '', '', 'iOS, Android'],
    ]);
  });

  it('reading the sheet back builds each plan’s own rules', () => {
    const { plan: merged } = mergeSourcedPlans(PLANS);
    const parsed = parseTrackingPlan(planToRows(merged), { sources: ['Web', 'iOS', 'Android'] });
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
    for (const { sources, plan: original } of PLANS) {
      expect(buildConfigRules(planForSources(parsed.plan, sources))).toEqual(buildConfigRules(original));
    }
  });

  it('says what one sheet cannot hold: an event or a property defined differently in two plans', () => {
    const other = WEB.map((r) => [...r]);
    other[3] = ['', '', 'order_id', 'The order', 'integer', 'TRUE'];
    other[1] = ['Order Completed', 'Paid', '', '', '', ''];
    const { conflicts } = mergeSourcedPlans([
      PLANS[0] ?? PLANS[1],
      { name: 'Plan for Server', sources: ['Server'], plan: plan(other) },
    ] as typeof PLANS);
    expect(conflicts).toEqual(['Order Completed: its description, labels or JSON Schema differ in Plan for Web and Plan for Server.']);
    const typed = WEB.map((r) => [...r]);
    typed[2] = ['', '', 'order_id', 'The order', 'integer', 'TRUE'];
    expect(
      mergeSourcedPlans([PLANS[0], { name: 'Plan for Server', sources: ['Server'], plan: plan(typed) }] as typeof PLANS).conflicts,
    ).toEqual(['Order Completed: property "order_id" is defined differently in Plan for Web and Plan for Server.']);
  });
});

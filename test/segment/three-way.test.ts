import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { buildPublicRules } from '../../src/segment/public-api';
import { ruleId } from '../../src/segment/rules';
import { rewriteGrid } from '../../src/segment/take-edits';
import { threeWay } from '../../src/segment/three-way';
import { planGrid, RowSpec } from '../helpers/sheet';

const rules = (rows: RowSpec[]) => buildPublicRules(parseTrackingPlan(planGrid(rows)).plan);
const total: RowSpec = { propertyName: 'total', propertyDescription: 'Total', propertyType: 'number' };
const order = (description = 'Order done', props: RowSpec[] = [total]): RowSpec[] => [
  { eventName: 'Order Completed', eventDescription: description },
  ...props,
];
const signedIn = (description = 'Signs in'): RowSpec[] => [{ eventName: 'Signed In', eventDescription: description }];
const base = rules([...order(), ...signedIn()]);
const kinds = (edits: ReturnType<typeof threeWay>) => edits.map((e) => [e.rule, e.kind]);

describe('three-way comparison with the last sync as the base', () => {
  it('an event changed only in Segment goes Segment’s way, saying what changed there', () => {
    const edits = threeWay(base, rules([...order('Order paid'), ...signedIn()]), base);
    expect(kinds(edits)).toEqual([['Order Completed', 'segment']]);
    expect(edits[0].segment).toEqual(['Changed: description "Order done" → "Order paid"']);
    expect(edits[0].sheet).toEqual([]);
  });

  it('an event changed only in the sheet is the sheet’s own change', () => {
    const edits = threeWay(base, base, rules([...order(), ...signedIn('Logs in')]));
    expect(kinds(edits)).toEqual([['Signed In', 'sheet']]);
  });

  it('an event changed on both sides differently is a conflict with each side said; the same edit on both is none', () => {
    const edits = threeWay(base, rules([...order('Order paid'), ...signedIn()]), rules([...order('Order placed'), ...signedIn()]));
    expect(kinds(edits)).toEqual([['Order Completed', 'conflict']]);
    expect([edits[0].segment, edits[0].sheet]).toEqual([
      ['Changed: description "Order done" → "Order paid"'],
      ['Changed: description "Order done" → "Order placed"'],
    ]);
    const same = rules([...order('Order paid'), ...signedIn()]);
    expect(threeWay(base, same, same)).toEqual([]);
  });

  it('an event removed on one side and changed on the other is a conflict, either way round', () => {
    const removedInSegment = threeWay(base, rules(signedIn()), rules([...order('Order placed'), ...signedIn()]));
    expect(kinds(removedInSegment)).toEqual([['Order Completed', 'conflict']]);
    expect(removedInSegment[0].segment).toEqual(['Removed: removed with its 1 property']);
    expect(removedInSegment[0].remote).toBeNull();
    const removedInSheet = threeWay(base, rules([...order('Order paid'), ...signedIn()]), rules(signedIn()));
    expect(kinds(removedInSheet)).toEqual([['Order Completed', 'conflict']]);
    expect(removedInSheet[0].sheet).toEqual(['Removed: removed with its 1 property']);
  });

  it('each version is a rule of its own: v2 added in Segment while the sheet changed v1 is no conflict', () => {
    const v2: RowSpec[] = [{ eventName: 'Order Completed', eventDescription: 'Order done', version: 2 }, total];
    const edits = threeWay(base, rules([...order(), ...v2, ...signedIn()]), rules([...order('Order placed'), ...signedIn()]));
    expect(kinds(edits)).toEqual([
      ['Order Completed', 'sheet'],
      ['Order Completed v2', 'segment'],
    ]);
  });
});

describe('rewriting the taken events in the grid', () => {
  const header = ['Event Name', 'Event Description', 'Property Name', 'Property Description', 'Property Type', 'Owner'];
  const sheet = [
    header,
    ['Order Completed', 'Order done', '', '', '', 'ana'],
    ['', '', 'total', 'Total', 'number', 'bob'],
    ['', '', 'coupon', 'Coupon', 'string', 'cy'],
    ['Signed In', 'Signs in', '', '', '', 'dee'],
  ];
  const remote = rules([
    { eventName: 'Order Completed', eventDescription: 'Order paid' },
    total,
    { propertyName: 'currency', propertyDescription: 'Currency', propertyType: 'string' },
    { eventName: 'Signed Up', eventDescription: 'Joins' },
  ]);
  const take = (id: string, after: string | null = null) => ({ id, rule: remote.find((r) => ruleId(r) === id) ?? null, after });
  const id = (key: string) => ruleId({ type: 'TRACK', key, version: 1 });

  it('refuses an event written in two blocks, which would take the rows between them (another event) with it', () => {
    const split = [
      header,
      ['Order Completed', 'Order done', '', '', '', 'ana'],
      ['', '', 'total', 'Total', 'number', 'bob'],
      ['Signed In', 'Signs in', '', '', '', 'dee'],
      ['Order Completed', '', '', '', '', ''],
      ['', '', 'coupon', 'Coupon', 'string', 'cy'],
    ];
    expect(rewriteGrid(split, [take(id('Order Completed'))])).toEqual({
      error:
        'Order Completed is written in more than one block (rows 2 and 5), with other events between them: put its rows together, then take again',
    });
  });

  it('refuses an event that includes a property group: taking it would write the group’s properties out as rows of the event', () => {
    const grouped = [
      header,
      ['Order Completed', 'Order done', '', '', '', 'ana'],
      ['', '', '@Money', '', '', ''],
      ['', '', 'coupon', 'Coupon', 'string', ''],
    ];
    expect(rewriteGrid(grouped, [take(id('Order Completed'))])).toEqual({
      error:
        'Order Completed includes a property group (row 3): taking it would write the group’s properties out as rows of its own. Make the change in the sheet by hand',
    });
  });

  it('replaces a block in place, keeping Owner on the rows that stay (by Property Name); rows below that did not move are not written', () => {
    expect(rewriteGrid(sheet, [take(id('Order Completed'))])).toEqual({
      start: 1,
      rows: [
        ['Order Completed', 'Order paid', '', '', '', 'ana'],
        ['', '', 'total', 'Total', 'number', 'bob'],
        ['', '', 'currency', 'Currency', 'string', ''],
      ],
    });
  });

  it('places a new event after the one it follows in Segment and deletes a removed one’s rows, clearing what is left below', () => {
    expect(rewriteGrid(sheet, [take(id('Signed Up'), id('Order Completed')), take(id('Signed In'))])).toEqual({
      start: 4,
      rows: [['Signed Up', 'Joins', '', '', '', '']],
    });
    const short = rewriteGrid(sheet, [take(id('Signed In'))]);
    expect(short).toEqual({ start: 4, rows: [['', '', '', '', '', '']] });
  });

  it('refuses when the sheet lacks a column Segment’s rule needs', () => {
    const typed = rules([{ eventName: 'Signed In', eventDescription: 'Signs in', labels: 'team:growth' }]);
    expect(rewriteGrid(sheet, [{ id: id('Signed In'), rule: typed[0], after: null }])).toEqual({
      error: "the Tracking Plan sheet has no Labels column, and Segment's rules need it",
    });
  });
});

// What `check` keeps of a run, however many calls: counts, violations grouped by event and path (Segment's
// violations view), and a few examples, all within fixed limits.
import { draft04Compile } from '../../src/cli/ajv-compile';
import { CallChecker } from '../../src/events/check-calls';
import { CheckSummary } from '../../src/events/check-summary';
import { readCalls } from '../../src/events/read-calls';
import { parseRows } from '../helpers/sheet';

const { plan } = parseRows([
  { eventName: 'Order Completed', eventDescription: 'd' },
  { propertyName: 'total', propertyDescription: 'd', propertyType: 'number', required: true },
  { propertyName: 'currency', propertyDescription: 'd', propertyType: 'string', allowedValues: 'USD, EUR' },
  { eventName: 'Cart Viewed', eventDescription: 'd' },
  { propertyName: 'cart_id', propertyDescription: 'd', propertyType: 'string', required: true },
]);

function summarise(
  lines: object[],
  keep: ConstructorParameters<typeof CheckSummary>[0] = { failingExamples: 2, unreadableExamples: 1 },
): CheckSummary {
  const checker = new CallChecker(plan, draft04Compile());
  const summary = new CheckSummary(keep);
  const { calls, unreadable } = readCalls(lines.map((l) => JSON.stringify(l)).join('\n'));
  for (const call of calls) summary.add(checker.check(call));
  for (const u of unreadable) summary.addUnreadable(u);
  return summary;
}

const order = (properties: object) => ({ type: 'track', event: 'Order Completed', properties });

describe('the summary of a run', () => {
  it('groups violations by event and path with their counts, the most frequent first, with where each was seen', () => {
    const lines = [
      order({ total: 1 }),
      order({ total: '1' }),
      order({}),
      order({ total: '2', currency: 'GBP' }),
      order({ total: '3' }),
      order({ total: '4' }),
      order({ total: '5' }),
      { type: 'track', event: 'Cart Viewed', properties: {} },
      { type: 'track', event: 'Cart Vieweded' },
      { type: 'alias' },
    ];
    const summary = summarise(lines);
    expect(summary.totals).toEqual({ checked: 9, pass: 1, violates: 7, unplanned: 1, unchecked: 0, unreadable: 1 });
    expect(
      summary.byEvent().map((e) => [e.call, e.calls, e.violations, e.groups.map((g) => [g.count, g.path, g.message, g.row, g.seenAt])]),
    ).toEqual([
      [
        'track "Order Completed"',
        6,
        7,
        [
          [5, 'properties.total', 'Invalid type. Expected: number, given: string', 3, ['line 2', 'line 4', 'line 5']],
          [1, 'properties.currency', 'properties.currency must be one of the following: "USD", "EUR"', 4, ['line 4']],
          [1, 'properties.total', 'properties.total is required', 3, ['line 3']],
        ],
      ],
      ['track "Cart Viewed"', 1, 1, [[1, 'properties.cart_id', 'properties.cart_id is required', 6, ['line 8']]]],
      ['track "Cart Vieweded"', 1, 1, [[1, 'event', 'Unplanned event: "Cart Vieweded" is not in the tracking plan.', null, ['line 9']]]],
    ]);
    // Examples: only as many as asked for, the first ones.
    expect(summary.failingExamples.map((r) => r.at)).toEqual(['line 2', 'line 3']);
    expect(summary.unreadableExamples.map((u) => u.at)).toEqual(['line 10']);
  });

  it('keeps no more groups than its limit, and counts the violations beyond it', () => {
    const lines = Array.from({ length: 50 }, (_, i) => ({ type: 'track', event: `Unplanned ${i}` }));
    const summary = summarise([...lines, ...lines], { failingExamples: 0, unreadableExamples: 0, groups: 10 });
    expect(summary.totals.unplanned).toBe(100);
    expect(summary.byEvent().map((e) => [e.call, e.violations])).toEqual(
      Array.from({ length: 10 }, (_, i) => [`track "Unplanned ${i}"`, 2]),
    );
    expect(summary.ungrouped).toBe(80);
    expect(summary.failingExamples).toEqual([]);
  });

  it('a rule broken the same way in many calls is worded once: the calls share one violation', () => {
    const checker = new CallChecker(plan, draft04Compile());
    const [a, b] = readCalls([order({ total: 'x' }), order({ total: 'y' })].map((l) => JSON.stringify(l)).join('\n')).calls;
    expect(checker.check(a!).violations[0]).toBe(checker.check(b!).violations[0]);
  });
});

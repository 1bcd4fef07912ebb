import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { diffLines, diffRules, diffSummary, isEmptyDiff } from '../../src/segment/diff';
import { buildPublicRules } from '../../src/segment/public-api';
import { planGrid, RowSpec } from '../helpers/sheet';

function rules(rows: RowSpec[]) {
  return buildPublicRules(parseTrackingPlan(planGrid(rows)).plan);
}

const base: RowSpec[] = [
  { eventName: 'Order Completed', eventDescription: 'Order done' },
  { propertyName: 'total', propertyDescription: 'Total', propertyType: 'number', required: true },
  { propertyName: 'currency', propertyDescription: 'Currency', propertyType: 'string', allowedValues: 'USD, EUR' },
  { eventName: 'Signed In', eventDescription: 'Signs in' },
  { propertyName: 'method', propertyDescription: 'How', propertyType: 'string' },
];

describe('diff between Segment and the sheet', () => {
  it('is empty when nothing changed', () => {
    const diff = diffRules(rules(base), rules(base));
    expect(isEmptyDiff(diff)).toBe(true);
    expect(diffSummary(diff)).toBe('Segment already matches the sheet.');
  });

  it('reports added and removed events, naming every removal', () => {
    const after = rules([...base.slice(0, 3), { eventName: 'Signed Up', eventDescription: 'Joins' }]);
    const diff = diffRules(rules(base), after);
    expect(diff.added.map((c) => c.rule)).toEqual(['Signed Up']);
    expect(diff.removed.map((c) => c.rule)).toEqual(['Signed In']);
    expect(diff.removals).toEqual(['event "Signed In" (and its 1 property)']);
    expect(diff.properties).toEqual({ added: 0, removed: 1, changed: 0 });
  });

  it('shows a renamed event as one removed and one added', () => {
    const renamed = base.map((r) => (r.eventName === 'Signed In' ? { ...r, eventName: 'Logged In' } : r));
    const diff = diffRules(rules(base), rules(renamed));
    expect([diff.added.map((c) => c.rule), diff.removed.map((c) => c.rule)]).toEqual([['Logged In'], ['Signed In']]);
  });

  it('reports type, required, enum and description changes, and property removals', () => {
    const changed: RowSpec[] = [
      { eventName: 'Order Completed', eventDescription: 'Order finished' },
      { propertyName: 'total', propertyDescription: 'Total', propertyType: 'integer' },
      { propertyName: 'coupon', propertyDescription: 'Coupon', propertyType: 'string' },
      ...base.slice(3),
    ];
    const diff = diffRules(rules([...base.slice(0, 2), base[2], ...base.slice(3)]), rules(changed));
    expect(diff.changed).toHaveLength(1);
    expect(diff.changed[0].details).toEqual([
      'description "Order done" → "Order finished"',
      '"total": type number → integer; no longer required',
      'property "coupon" added',
      'property "currency" removed',
    ]);
    expect(diff.removals).toEqual(['property "currency" of event "Order Completed"']);
    const enumChanged = base.map((r) => (r.propertyName === 'currency' ? { ...r, allowedValues: 'USD, EUR, GBP', required: true } : r));
    expect(diffRules(rules(base), rules(enumChanged)).changed[0].details).toEqual([
      '"currency": now required; allowed values "USD", "EUR" → "USD", "EUR", "GBP"',
    ]);
    expect(diffLines(diff)[0]).toBe(
      'Changed: Order Completed: description "Order done" → "Order finished"; "total": type number → integer; no longer required; property "coupon" added; property "currency" removed',
    );
  });

  it('names a version removed and a version added: each version is a rule of its own', () => {
    const v2 = base.map((r) => (r.eventName === 'Signed In' ? { ...r, version: 2 } : r));
    const diff = diffRules(rules(base), rules(v2));
    expect(diffSummary(diff)).toContain('1 added (Signed In v2); 1 removed (Signed In v1)');
    expect(diff.removals).toEqual(['event "Signed In" v1 (and its 1 property)']);
    expect(diff.changed).toEqual([]);
  });
});

import { planSummary } from '../../src/plan/model';
import { diffRules, diffSummary } from '../../src/segment/diff';
import { buildPublicRules } from '../../src/segment/public-api';
import { parseRows } from '../helpers/sheet';

describe('one property count', () => {
  it('counts the rows that define properties, the same in the plan summary and in the diff', () => {
    // `address` is only implied by `address.city`: one property row, one property.
    const { plan } = parseRows([
      { eventName: 'Signed Up', eventDescription: 'd' },
      { propertyName: 'address.city', propertyDescription: 'd', propertyType: 'string' },
      { propertyName: 'tags', propertyDescription: 'd', propertyType: 'array' },
      { propertyName: 'tags.$', propertyDescription: 'd', propertyType: 'string' },
    ]);
    expect(planSummary(plan)).toEqual({ rules: 1, named: 1, otherRules: [], properties: 3 });
    expect(diffSummary(diffRules([], buildPublicRules(plan)))).toContain('Properties: 3 added, 0 removed, 0 changed');
  });
});

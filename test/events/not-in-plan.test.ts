// What the calls carried that the plan lacks, as information: counted per call, the unplanned rules first, the most
// common first, and bounded however many distinct names a day of events holds.
import { CallChecker } from '../../src/events/check-calls';
import { MAX_ENTRIES, NotInPlan, notInPlanLine } from '../../src/events/not-in-plan';
import { readCalls } from '../../src/events/read-calls';
import { parseRows } from '../helpers/sheet';

const { plan } = parseRows([
  { eventName: 'Viewed', eventDescription: 'd' },
  { propertyName: 'id', propertyDescription: 'd', propertyType: 'string' },
]);
const checker = new CallChecker(plan, () => () => []);

function tally(...messages: object[]): NotInPlan {
  const notInPlan = new NotInPlan();
  for (const call of readCalls(messages.map((m) => JSON.stringify(m)).join('\n')).calls)
    notInPlan.add(call, checker.check(call), checker.rulesOf(call).rule, checker.unplannedProperties(call).paths);
  return notInPlan;
}

describe('NotInPlan', () => {
  it('counts the calls that carried each, rules before properties, the most common first', () => {
    const notInPlan = tally(
      { type: 'track', event: 'Viewed', properties: { id: 'a', ref: 'x' } },
      { type: 'track', event: 'Viewed', properties: { id: 'a', ref: 'y', tab: 1 } },
      { type: 'identify', traits: { email: 'e' } },
      { type: 'track', event: 'Tapped' },
      { type: 'track', event: 'Tapped' },
      { type: 'track', properties: {} },
      { type: 'page', properties: {} },
    );
    expect(notInPlan.list().map(notInPlanLine)).toEqual([
      'track "Tapped": unplanned event, in 2 calls',
      'identify: no rule in the plan, in 1 call',
      'track "Viewed": properties.ref, in 2 calls',
      'track "Viewed": properties.tab, in 1 call',
    ]);
  });

  it(`keeps at most ${MAX_ENTRIES} names; sightings of others are counted, not listed`, () => {
    const events = Array.from({ length: MAX_ENTRIES + 5 }, (_, i) => ({ type: 'track', event: `E${i}` }));
    const notInPlan = tally(...events, { type: 'track', event: 'E0' });
    expect([notInPlan.size, notInPlan.beyond]).toEqual([MAX_ENTRIES, 5]);
    expect(notInPlan.list()[0]).toEqual({ call: 'track "E0"', path: null, calls: 2 });
  });
});

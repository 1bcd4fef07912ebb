// Segment > Check an event… in the bundled add-on (dist/Code.js in the fakes) takes every pattern Segment accepts:
// RE2's inline flags and Python-style named groups used to throw SyntaxError out of the dialog's call.
import { Cell, loadAddOn, newWorld } from '../../src/apps-script-fakes';
import type { EventCheckAnswer } from '../../src/apps-script/pages';
import { planGrid } from '../helpers/sheet';

function checkWith(pattern: string, values: string[]) {
  const w = newWorld();
  w.spreadsheet.addSheet(
    'Tracking Plan',
    planGrid([
      { eventName: 'Signed Up', eventDescription: 'A user signs up' },
      { propertyName: 'p', propertyDescription: 'd', propertyType: 'string', pattern },
    ]) as Cell[][],
  );
  const text = values.map((p) => JSON.stringify({ type: 'track', event: 'Signed Up', properties: { p } })).join('\n');
  const answer = loadAddOn(w).checkEvents(text) as EventCheckAnswer;
  return {
    error: answer.error,
    totals: answer.totals,
    results: answer.results.map((r) => [r.status, r.violations.map((v) => v.message), r.cells]),
  };
}

describe('Check an event… with RE2 patterns', () => {
  it.each([
    ['(?i)^pro$', 'PRO', 'free'],
    ['^(?P<id>u[0-9]+)$', 'u12', 'x'],
    ['^[[:alpha:]]+$', 'abc', 'ab1'],
    ['^\\p{Greek}+$', 'αβγ', 'abc'],
  ])('%s passes %j and flags %j at its row', (pattern, matching, other) => {
    expect(checkWith(pattern, [matching, other])).toEqual({
      error: null,
      totals: { calls: 2, failing: 1, violations: 1, unreadable: 0, unplanned: 0 },
      // Only the call that needs a look is listed.
      results: [['violates', [`Does not match pattern '${pattern}'`], ['D3']]],
    });
  });
});

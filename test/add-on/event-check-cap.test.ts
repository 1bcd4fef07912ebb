// Check an event… with a paste as large as the dialog takes: what is sent back and shown is capped, with the totals.
import { Cell, loadAddOn, newWorld } from '../../src/apps-script-fakes';
import { planGrid } from '../helpers/sheet';

interface Answer {
  results: { violations: unknown[]; cells: unknown[]; unplanned: string[] }[];
  unreadable: unknown[];
  totals: { calls: number; failing: number; violations: number; unreadable: number; unplanned: number };
}

function addOn() {
  const w = newWorld();
  const plan = planGrid([
    { eventName: 'Order Completed', eventDescription: 'An order is placed' },
    { propertyName: 'total', propertyDescription: 'Order total', propertyType: 'number', required: true },
  ]) as Cell[][];
  w.spreadsheet.addSheet('Tracking Plan', plan);
  return loadAddOn(w);
}

describe('Check an event… on a 1,000,000-character paste', () => {
  it('sends at most 300 violations and 300 unreadable lines, with the totals', () => {
    const bad = JSON.stringify({ type: 'track', event: 'Order Completed', properties: { total: 'x', a: 1 } });
    const lines: string[] = [];
    for (let length = 0; length + bad.length + 10 < 1_000_000; length += bad.length + 1) lines.push(lines.length % 2 ? bad : 'x');
    const answer = JSON.parse(JSON.stringify(addOn().checkEvents(lines.join('\n')))) as Answer;
    const calls = Math.floor(lines.length / 2);
    // Each call also sends a property the plan does not name (`a`): information, capped like the violations.
    expect(answer.totals).toEqual({ calls, failing: calls, violations: calls, unreadable: lines.length - calls, unplanned: calls });
    expect(answer.results.reduce((n, r) => n + r.violations.length, 0)).toBe(300);
    expect(answer.results.reduce((n, r) => n + r.unplanned.length, 0)).toBe(300);
    expect(answer.results.every((r) => r.cells.length === r.violations.length)).toBe(true);
    expect(answer.unreadable).toHaveLength(300);
  });

  it('sends nothing for calls that pass (the dialog lists only what needs a look), and counts them', () => {
    const good = JSON.stringify({ type: 'track', event: 'Order Completed', properties: { total: 12.5 } });
    const calls = Math.floor(999_000 / (good.length + 1));
    const answer = JSON.parse(JSON.stringify(addOn().checkEvents(Array(calls).fill(good).join('\n')))) as Answer;
    expect(answer.totals).toEqual({ calls, failing: 0, violations: 0, unreadable: 0, unplanned: 0 });
    expect(answer.results).toEqual([]);
  });
});

// The Changelog's words (issue 20, item 3), built from the diff: events by name, properties as counts with the
// first names, cut at Sheets' 50,000 characters a cell with "… and N more".
import type { JsonValue } from '../../src/json/json';
import { changelogCells, changelogMarkdownRow, changeSummary } from '../../src/segment/changelog';
import { diffRules } from '../../src/segment/diff';
import type { PublicRule } from '../../src/segment/rules';

const rule = (key: string, properties: Record<string, JsonValue> = {}, version = 1): PublicRule => ({
  type: 'TRACK',
  key,
  version,
  jsonSchema: { type: 'object', properties: { properties: { type: 'object', properties } } },
});

describe('changeSummary', () => {
  it('names events and versions added, removed and changed, and counts properties with the first names', () => {
    const before = [
      rule('Order Completed', { total: { type: 'number' }, coupon: { type: 'string' } }),
      rule('Signed Out'),
      rule('Viewed', {}, 1),
    ];
    const after = [
      rule('Order Completed', { total: { type: 'integer' }, tax: { type: 'number' } }),
      rule('Viewed', {}, 1),
      rule('Viewed', {}, 2),
    ];
    expect(changeSummary(diffRules(before, after))).toBe(
      'Events added (1): Viewed v2; removed (1): Signed Out; changed (1): Order Completed. ' +
        'Properties: 1 added (tax (Order Completed)), 1 removed (coupon (Order Completed)), 1 changed (total (Order Completed)).',
    );
  });

  it('says when nothing changed', () => {
    expect(changeSummary(diffRules([rule('A')], [rule('A')]))).toBe('Nothing changed.');
  });

  it('shows the first five property names and the count', () => {
    const many = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`p${i}`, { type: 'string' }]));
    expect(changeSummary(diffRules([], [rule('A', many)]))).toBe(
      'Events added (1): A. Properties: 7 added (p0 (A), p1 (A), p2 (A), p3 (A), p4 (A), …), 0 removed, 0 changed.',
    );
  });

  it('cuts a long summary at whole names with "… and N more", within the limit', () => {
    const after = Array.from({ length: 3000 }, (_, i) => rule(`Event number ${String(i).padStart(4, '0')} with a long name`));
    const text = changeSummary(diffRules([], after));
    expect(text.length).toBeLessThanOrEqual(50_000);
    expect(text.length).toBeGreaterThan(49_900);
    const shown = text.split(', ').length;
    expect(text).toMatch(new RegExp(`Event number \\d{4} with a long name … and ${3000 - shown} more$`));
    expect(changeSummary(diffRules([], after.slice(0, 3)), 70)).toBe('Events added (3): Event number 0000 with a long name … and 2 more');
  });
});

describe('changelog rows', () => {
  const entry = {
    time: '2026-01-01T12:00:00.000Z',
    user: 'analyst@example.com',
    action: 'Send' as const,
    planName: '=Web | Mobile',
    planId: 'tp_web',
    diff: diffRules([], [rule('A')]),
    backupTime: '2026-01-01T12:00:00.000Z',
    result: 'sent',
  };
  it('are the same cells in the sheet and in Markdown, a pipe escaped', () => {
    expect(changelogCells(entry)).toEqual([
      '2026-01-01 12:00:00',
      'analyst@example.com',
      'Send',
      '=Web | Mobile',
      'tp_web',
      'Events added (1): A.',
      '2026-01-01 12:00:00',
      'sent',
    ]);
    expect(changelogMarkdownRow(entry)).toBe(
      '| 2026-01-01 12:00:00 | analyst@example.com | Send | =Web \\| Mobile | tp_web | Events added (1): A. | 2026-01-01 12:00:00 | sent |\n',
    );
  });
});

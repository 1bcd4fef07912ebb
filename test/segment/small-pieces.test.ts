// Direct tests of pieces every upload leans on: how long Segment asked us to wait, the fingerprint of a plan,
// and the redaction of secrets.
import { redact } from '../../src/segment/errors';
import type { HttpResponse } from '../../src/segment/http';
import { rulesHash } from '../../src/segment/remote-plan';
import { requestedWaitMs } from '../../src/segment/retry';
import type { PublicRule } from '../../src/segment/rules';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const answer = (headers: Record<string, string>, body = ''): HttpResponse => ({ status: 429, headers, body });

describe('requestedWaitMs', () => {
  it("takes Segment's msBeforeNext first", () => {
    const body = JSON.stringify({ errors: [{ data: { msBeforeNext: 1234.2 } }] });
    expect(requestedWaitMs(answer({ 'retry-after': '9' }, body), NOW)).toBe(1235);
  });

  it('reads Retry-After as seconds, and as an HTTP date', () => {
    expect(requestedWaitMs(answer({ 'retry-after': '3' }), NOW)).toBe(3000);
    expect(requestedWaitMs(answer({ 'retry-after': new Date(NOW + 7_000).toUTCString() }), NOW)).toBe(7000);
    expect(requestedWaitMs(answer({ 'retry-after': new Date(NOW - 7_000).toUTCString() }), NOW)).toBe(0);
  });

  it('reads X-RateLimit-Reset as epoch seconds when large, else as seconds from now', () => {
    expect(requestedWaitMs(answer({ 'x-ratelimit-reset': String((NOW + 4_000) / 1000) }), NOW)).toBe(4000);
    expect(requestedWaitMs(answer({ 'x-ratelimit-reset': '2' }), NOW)).toBe(2000);
  });

  it('is null when the answer says nothing usable', () => {
    expect(requestedWaitMs(answer({ 'retry-after': 'soon' }), NOW)).toBeNull();
    expect(requestedWaitMs(answer({}, '<html>busy</html>'), NOW)).toBeNull();
  });
});

describe('rulesHash', () => {
  const rules: PublicRule[] = [
    { type: 'TRACK', key: 'B', version: 1, jsonSchema: { type: 'object', description: 'b' } },
    { type: 'TRACK', key: 'A', version: 2, jsonSchema: { description: 'a', type: 'object' } },
    { type: 'IDENTIFY', version: 1, jsonSchema: { type: 'object' } },
  ];

  it('ignores the order of rules and of keys, and notices any change of content', () => {
    const reordered: PublicRule[] = [rules[2], rules[0], { ...rules[1], jsonSchema: { type: 'object', description: 'a' } }] as PublicRule[];
    expect(rulesHash({ api: 'public', rules: reordered })).toBe(rulesHash({ api: 'public', rules }));
    const edited = rules.map((r) => (r.key === 'A' ? { ...r, jsonSchema: { description: 'a!', type: 'object' } } : r));
    expect(rulesHash({ api: 'public', rules: edited })).not.toBe(rulesHash({ api: 'public', rules }));
    const reversioned = rules.map((r) => (r.key === 'B' ? { ...r, version: 3 } : r));
    expect(rulesHash({ api: 'public', rules: reversioned })).not.toBe(rulesHash({ api: 'public', rules }));
  });
});

describe('redact', () => {
  it('hides every occurrence of each secret, and leaves text without them alone', () => {
    expect(redact('Bearer sgp_abcdef failed; retry with sgp_abcdef', ['sgp_abcdef'])).toBe(
      'Bearer [token hidden] failed; retry with [token hidden]',
    );
    expect(redact('nothing secret here', ['sgp_abcdef'])).toBe('nothing secret here');
  });

  it('does not blank out text for an empty or very short secret', () => {
    expect(redact('a b c', ['', 'a'])).toBe('a b c');
  });
});

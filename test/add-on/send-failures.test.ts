// Send to Segment when things go wrong: Segment answering with errors, a second run holding the document lock, and
// the token kept privately (split from send-to-segment.test.ts, which kept the files under 400 lines).
import { fakeConfigPlan, loadAddOn, ScriptedResponse } from '../../src/apps-script-fakes';
import { expectNoToken, PLAN_ID, puts, run, world } from '../helpers/send-world';

describe('Segment answering with an error', () => {
  /** As the last answer: Segment then takes the upload. */
  const ACCEPTED: ScriptedResponse = { status: 200 };

  /** The upload (PUT) is answered with these, in order; then Segment takes it. */
  async function sendAgainst(...responses: Array<ScriptedResponse | Error>) {
    const w = world();
    const last = responses[responses.length - 1];
    const answers = [...responses, ...new Array(20).fill(last)];
    if (!(last instanceof Error) && last.status === 200) answers.length = responses.length - 1;
    fakeConfigPlan(w, PLAN_ID, answers);
    await run(w, 'sendToSegment');
    expectNoToken(w);
    return { w, message: w.ui.alerts.at(-1)?.message ?? '' };
  }

  it("400 shows Segment's own message and is not retried", async () => {
    const { w, message } = await sendAgainst({ status: 400, body: { error: 'rules.events[2].rules: invalid JSON schema', code: 3 } });
    expect(puts(w)).toHaveLength(1);
    expect(message).toContain('Segment said: "rules.events[2].rules: invalid JSON schema"');
  });

  it('400 with a body that is not JSON still says something', async () => {
    const { message } = await sendAgainst({ status: 400, body: '<html><body>Bad Request</body></html>' });
    expect(message).toContain('Bad Request');
  });

  it('401 says the token is invalid', async () => {
    const { w, message } = await sendAgainst({ status: 401, body: { error: 'Unauthenticated', code: 16 } });
    expect(puts(w)).toHaveLength(1);
    expect(message).toContain('did not accept the token (401)');
  });

  it('403 says the token lacks write access', async () => {
    const { message } = await sendAgainst({ status: 403, body: { error: 'forbidden', code: 7 } });
    expect(message).toContain('lacks write access');
  });

  it('404 quotes the workspace slug and plan id', async () => {
    const { message } = await sendAgainst({ status: 404, body: { error: 'not found', code: 5 } });
    expect(message).toContain(`no tracking plan "${PLAN_ID}" in workspace "acme" (404)`);
  });

  it('retries 429 and 5xx with exponential backoff, then succeeds', async () => {
    const { w } = await sendAgainst(
      { status: 429, body: { error: 'rate limited' } },
      { status: 503, body: 'unavailable' },
      { status: 500, body: {} },
      ACCEPTED,
    );
    expect(puts(w)).toHaveLength(4);
    expect(w.clock.sleeps).toEqual([1000, 2000, 4000]);
    expect(w.ui.dialogs.at(-1)?.title).toBe('Sent to Segment');
  });

  it('honours Retry-After', async () => {
    const { w } = await sendAgainst({ status: 429, headers: { 'Retry-After': '7' }, body: {} }, ACCEPTED);
    expect(w.clock.sleeps).toEqual([7000]);
  });

  it('retries exceptions thrown by UrlFetchApp.fetch (timeouts, DNS)', async () => {
    const { w } = await sendAgainst(
      new Error('Timeout: https://platform.segmentapis.com'),
      new Error('DNS error: platform.segmentapis.com'),
      ACCEPTED,
    );
    expect(puts(w)).toHaveLength(3);
    expect(w.ui.dialogs.at(-1)?.title).toBe('Sent to Segment');
  });

  it('gives up within about a minute of waiting and reports it', async () => {
    const { w, message } = await sendAgainst({ status: 503, body: { error: 'Service Unavailable' } });
    const waited = w.clock.sleeps.reduce((a, b) => a + b, 0);
    expect(waited).toBeLessThanOrEqual(60_000);
    expect(waited).toBeGreaterThanOrEqual(30_000);
    expect(puts(w).length).toBe(w.clock.sleeps.length + 1);
    expect(message).toMatch(/server error \(503\) .*tried \d+ times/);
  });

  it('reports a rate limit that never lifts', async () => {
    const { message } = await sendAgainst({ status: 429, body: {} });
    expect(message).toContain('rate limit (429) kept refusing');
  });

  it('reports a network failure that never clears', async () => {
    const { message } = await sendAgainst(new Error('Address unavailable: https://platform.segmentapis.com'));
    expect(message).toContain('Could not reach Segment');
  });
});

describe('the document lock', () => {
  it('stops a second upload while one is running', async () => {
    const w = world();
    let second: Promise<unknown> | null = null;
    w.ui.onAlert = (title) => {
      if (title === 'Send to Segment?' && !second) second = loadAddOn(w).sendToSegment() as Promise<unknown>;
    };
    await run(w, 'sendToSegment');
    await second;
    expect(w.ui.alerts.some((a) => a.message.includes('An upload is already running'))).toBe(true);
    expect(puts(w)).toHaveLength(1);
    expect(w.lock.held).toBe(false);
  });

  it('is released when the upload fails', async () => {
    const w = world();
    w.fetch.responder = () => ({ status: 401, body: {} });
    await run(w, 'sendToSegment');
    expect(w.lock.held).toBe(false);
  });
});

describe('Store token privately…', () => {
  it('keeps the token in user properties, clears the token cell, and uses it for uploads', async () => {
    const w = world();
    const addOn = await run(w, 'storeTokenPrivately');
    expect(w.ui.dialogData('token')).toEqual({ stored: false });
    expect(addOn.storePrivateToken(' sgp_private_token_999 ')).toContain('Cell B2 of Importer Settings was cleared');
    expect(Object.values(w.userProperties.data)).toEqual(['sgp_private_token_999']);
    expect(w.spreadsheet.sheet('Importer Settings').values[1][1]).toBe('');
    expect(w.ui.everything()).not.toContain('sgp_private_token_999');

    await run(w, 'sendToSegment');
    expect(w.fetch.calls[0].headers.Authorization).toBe('Bearer sgp_private_token_999');
  });

  it('wins over a token in the cell', async () => {
    const w = world();
    w.userProperties.setProperty('segment.token', 'sgp_stored');
    await run(w, 'sendToSegment');
    expect(w.fetch.calls[0].headers.Authorization).toBe('Bearer sgp_stored');
  });

  it('is removed by its own button, and untouched by an empty field', async () => {
    const w = world();
    w.userProperties.setProperty('segment.token', 'sgp_stored');
    const addOn = await run(w, 'storeTokenPrivately');
    expect(w.ui.dialogData('token')).toEqual({ stored: true });
    expect(addOn.storePrivateToken('  ')).toBe('Paste a token first; nothing was stored.');
    expect(w.userProperties.data).toEqual({ 'segment.token': 'sgp_stored' });
    expect(addOn.removePrivateToken()).toBe('Your stored token was removed.');
    expect(w.userProperties.data).toEqual({});
    expect(addOn.removePrivateToken()).toBe('No token was stored; nothing changed.');
  });
});

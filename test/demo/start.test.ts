import { spawnSync } from 'child_process';
import { ROOT } from '../helpers/cli';

describe('npm start', () => {
  it('runs Send to Segment through the bundled add-on against the emulator and shows the plan read back', () => {
    // `npm start` = build + this script; jest's global setup has built dist/ already.
    const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'src/demo/start.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/Segment API emulator on http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain(
      'Menu: Segment > Open sidebar | Validate plan | Preview rules JSON | Compare with Segment | Check an event… | Import from Segment | Take edits from Segment… | Restore a backup… | Set up sheets | Choose a plan… | Store token privately… | Test connection | Help | Send to Segment',
    );
    expect(out).toContain(
      'Compared with Segment: Events and rules: 7 added (User Logged In, User Signed Up, Order Completed v2, Article Viewed, identify traits, group traits, common rules). Properties: 28 added, 0 removed, 0 changed.',
    );
    expect(out).toContain('The plan is valid: 4 events and 28 properties plus identify, group, common rules, no problems.');
    expect(out).toMatch(
      /Request: PUT http:\/\/127\.0\.0\.1:\d+\/v1beta\/workspaces\/example\/tracking-plans\/rs_\w+ \(Authorization: Bearer \[hidden\]/,
    );
    expect(out).toContain('Sent to Segment: Uploaded 4 events (28 properties)');
    expect(out).toContain('- Order Completed (v2): 5 top-level properties');
    expect(out).toContain('- identify rules');
    expect(out).not.toContain('example-token');
  });
});

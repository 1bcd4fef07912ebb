import { parseImporterSettings } from '../../src/plan/settings';

describe('Importer Settings', () => {
  it('reads labels in any case from column A and values from column B', () => {
    const { settings, cells, problems } = parseImporterSettings([
      ['Setting', 'Value'],
      ['personal access token', ' secret-token '],
      ['WORKSPACE SLUG:', 'acme'],
      ['Tracking Plan ID', 'rs_1AAPTLy8ffAAQth0PvL8rOvU6PJ'],
      ['Tracking Plan Name', 'Web'],
      ['API Base URL', 'http://127.0.0.1:4010/'],
    ]);
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({
      token: 'secret-token',
      workspaceSlug: 'acme',
      trackingPlanId: 'rs_1AAPTLy8ffAAQth0PvL8rOvU6PJ',
      trackingPlanName: 'Web',
      apiBaseUrl: 'http://127.0.0.1:4010',
    });
    expect(cells.token).toEqual({ row: 2, column: 1, cell: 'B2' });
  });

  it('takes the plan id and slug out of a pasted Segment URL', () => {
    const { settings } = parseImporterSettings([
      ['Workspace Slug', 'https://app.segment.com/acme/protocols/tracking-plans/rs_abc'],
      ['Tracking Plan ID', 'https://app.segment.com/acme/protocols/tracking-plans/tp_sprout_rVGCC6WdrNxjCf6JpCHP/events'],
    ]);
    expect(settings.workspaceSlug).toBe('acme');
    expect(settings.trackingPlanId).toBe('tp_sprout_rVGCC6WdrNxjCf6JpCHP');
  });

  it('reports spreadsheet errors and a base URL that is not an address, at their cells', () => {
    const { problems } = parseImporterSettings([
      ['Personal Access Token', '#REF!'],
      ['API Base URL', 'localhost'],
    ]);
    expect(problems.map((p) => [p.sheet, p.cell, p.severity])).toEqual([
      ['Importer Settings', 'B1', 'error'],
      ['Importer Settings', 'B2', 'error'],
    ]);
  });

  it('leaves missing settings empty', () => {
    expect(parseImporterSettings([]).settings.token).toBe('');
  });
});

import { readFileSync } from 'fs';
import * as path from 'path';
import { readWorkbook } from '../src/workbook/workbook';
import { cellText } from '../src/plan/cell-values';
import { parseTrackingPlan } from '../src/plan/parse-plan';
import { parseImporterSettings } from '../src/plan/settings';
import { templateGroupsGrid, templatePlanGrid, templateSettingsGrid } from '../src/template/template-content';
import { TEMPLATE_CSV, TEMPLATE_XLSX, templateCsv } from '../src/template/template-files';

const root = path.resolve(__dirname, '..');
const asText = (grid: readonly (readonly unknown[])[]) => grid.map((row) => row.map((v) => cellText(v as never)));
const STALE = 'is stale: run `npm run template` and commit the result';

describe('the committed template', () => {
  it(`CSV matches the template definition (else it ${STALE})`, () => {
    expect(readFileSync(path.join(root, TEMPLATE_CSV), 'utf8')).toBe(templateCsv());
  });

  it(`xlsx holds the same two sheets (else it ${STALE})`, async () => {
    const workbook = await readWorkbook(path.join(root, TEMPLATE_XLSX));
    expect(asText(workbook.plan)).toEqual(asText(templatePlanGrid()));
    expect(asText(workbook.settings ?? [])).toEqual(asText(templateSettingsGrid()));
  });

  it(`xlsx holds Property Groups with its worked example, which validates with no problems (else it ${STALE})`, async () => {
    const workbook = await readWorkbook(path.join(root, TEMPLATE_XLSX));
    expect(asText(workbook.groups?.values ?? [])).toEqual(asText(templateGroupsGrid()));
    expect(asText(workbook.groups?.values.slice(0, 1) ?? [])).toEqual([
      [
        'Group',
        'Property Name',
        'Property Description',
        'Property Type',
        'Required',
        'Allowed Values',
        'Pattern',
        'Min',
        'Max',
        'JSON Schema',
      ],
    ]);
    const withGroups = (rows: unknown[][]) => parseTrackingPlan(rows as never, { groups: workbook.groups });
    const header = ['Event Name', 'Event Description', 'Property Name'];
    const { problems, plan } = withGroups([header, ['Product Added', 'A product goes into the cart', ''], ['', '', '@Cart Line']]);
    expect(problems).toEqual([]);
    expect(plan.events[0]?.properties.map((p) => p.path)).toEqual([
      'product_id',
      'sku',
      'name',
      'price',
      'category',
      'dimensions',
      'images',
      'quantity',
      'coupon',
    ]);
  });

  it('validates with no problems at all', async () => {
    const workbook = await readWorkbook(path.join(root, TEMPLATE_XLSX));
    expect(parseTrackingPlan(workbook.plan).problems).toEqual([]);
    expect(parseImporterSettings(workbook.settings ?? []).problems).toEqual([]);
    expect(parseTrackingPlan(workbook.plan).plan.events.map((e) => e.name || e.type)).toEqual([
      'User Logged In',
      'User Signed Up',
      'Order Completed',
      'Article Viewed',
      'identify',
      'group',
      'common',
    ]);
  });
});

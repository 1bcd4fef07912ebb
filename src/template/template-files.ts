import { rowsCsv, workbookXlsx } from '../workbook/workbook';
import { BANNER, templateGroupsGrid, templatePlanGrid, templateSettingsGrid } from './template-content';

export const TEMPLATE_XLSX = 'template/tracking-plan.xlsx';
export const TEMPLATE_CSV = 'template/tracking-plan.csv';

/** The Tracking Plan tab as CSV, for reviewing the template in diffs. */
export function templateCsv(): string {
  return rowsCsv(templatePlanGrid());
}

export function templateXlsx(): Promise<Buffer> {
  return workbookXlsx({ plan: templatePlanGrid(), bannerRows: BANNER.length, settings: templateSettingsGrid(), groups: templateGroupsGrid() });
}

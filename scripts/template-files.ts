import ExcelJS from 'exceljs';
import { cellText } from '../src/plan/cell-values';
import { COLUMNS, SETTINGS_SHEET, TRACKING_PLAN_SHEET } from '../src/plan/columns';
import { toCsv } from '../src/cli/csv';
import { BANNER, templatePlanGrid, templateSettingsGrid } from './template-content';

export const TEMPLATE_XLSX = 'template/tracking-plan.xlsx';
export const TEMPLATE_CSV = 'template/tracking-plan.csv';

/** The Tracking Plan tab as CSV, for reviewing the template in diffs. */
export function templateCsv(): string {
  return toCsv(templatePlanGrid().map((row) => row.map((v) => cellText(v))));
}

export async function templateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'segment-sheets-tracking-plan';
  // A fixed date keeps the file the same from one generation to the next.
  workbook.created = workbook.modified = new Date('2026-01-01T00:00:00Z');

  const plan = workbook.addWorksheet(TRACKING_PLAN_SHEET, { views: [{ state: 'frozen', ySplit: BANNER.length + 1 }] });
  templatePlanGrid().forEach((row) => plan.addRow(row));
  const headerRow = plan.getRow(BANNER.length + 1);
  headerRow.font = { bold: true };
  plan.getRow(1).font = { bold: true, size: 14 };
  COLUMNS.forEach((column, i) => {
    plan.getColumn(i + 1).width = Math.round(column.width / 7);
    headerRow.getCell(i + 1).note = column.help;
    if (column.dropdown) {
      // An Excel list is comma-separated, so choices that hold a comma ("string, null") stay typed by hand.
      const choices = column.dropdown.filter((choice) => !choice.includes(','));
      const letter = plan.getColumn(i + 1).letter;
      const validations = (plan as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } })
        .dataValidations;
      validations.add(`${letter}${BANNER.length + 2}:${letter}2000`, {
        type: 'list',
        allowBlank: true,
        showErrorMessage: false,
        formulae: [`"${choices.join(',')}"`],
      });
    }
  });
  plan.getColumn(COLUMNS.findIndex((c) => c.key === 'allowedValues') + 1).alignment = { wrapText: true, vertical: 'top' };

  const settings = workbook.addWorksheet(SETTINGS_SHEET);
  templateSettingsGrid().forEach((row) => settings.addRow(row));
  settings.getRow(1).font = { bold: true };
  settings.getColumn(1).width = 24;
  settings.getColumn(2).width = 48;
  settings.getColumn(3).width = 90;

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

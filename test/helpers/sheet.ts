import type { CellValue } from '../../src/plan/cell-values';
import { COLUMNS, ColumnKey } from '../../src/plan/columns';
import { parseTrackingPlan, ParseOptions } from '../../src/plan/parse-plan';
import type { Problem } from '../../src/plan/problems';

export type RowSpec = Partial<Record<ColumnKey, CellValue>>;

/** A Tracking Plan sheet: the header in row 1 (all template columns), then one row per spec. */
export function planGrid(rows: readonly RowSpec[]): CellValue[][] {
  return [COLUMNS.map((c) => c.header), ...rows.map((row) => COLUMNS.map((c) => (row[c.key] === undefined ? '' : row[c.key])))];
}

/** The letter of a template column, as the problems name it. */
export function col(key: ColumnKey): string {
  return String.fromCharCode(65 + COLUMNS.findIndex((c) => c.key === key));
}

export function parseRows(rows: readonly RowSpec[], options?: ParseOptions) {
  return parseTrackingPlan(planGrid(rows), options);
}

export function errors(problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => p.severity === 'error');
}

export function warnings(problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => p.severity === 'warning');
}

export function cells(problems: readonly Problem[]): string[] {
  return problems.map((p) => p.cell ?? '(sheet)');
}

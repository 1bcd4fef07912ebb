import type { CellValue } from '../../src/plan/cell-values';
import { COLUMNS, ColumnKey } from '../../src/plan/columns';

const TYPES = ['string', 'number', 'integer', 'boolean', 'string, null', 'date-time'];

/**
 * A plan at Segment's scale: `events` events of `propertiesPerEvent` property rows each, in the grouped
 * layout, with a mix of types, required flags, enums, patterns, bounds and nested objects.
 */
export function bigPlanGrid(events: number, propertiesPerEvent: number): CellValue[][] {
  const index = new Map<ColumnKey, number>(COLUMNS.map((c, i) => [c.key, i]));
  const blank = () => new Array<CellValue>(COLUMNS.length).fill('');
  const grid: CellValue[][] = [COLUMNS.map((c) => c.header)];
  const set = (row: CellValue[], key: ColumnKey, value: CellValue) => {
    row[index.get(key) as number] = value;
  };
  for (let e = 0; e < events; e++) {
    const eventRow = blank();
    set(eventRow, 'eventName', `Event ${e} Happened`);
    set(eventRow, 'eventDescription', `Fires when event ${e} happens`);
    if (e % 10 === 0) set(eventRow, 'labels', `team:t${e % 7}`);
    grid.push(eventRow);
    for (let p = 0; p < propertiesPerEvent; p++) {
      const row = blank();
      const nested = p % 10 === 9;
      set(row, 'propertyName', nested ? `group_${p - 1}.field_${p}` : `property_${p}`);
      set(row, 'propertyDescription', `Property ${p} of event ${e}`);
      const type = p % 10 === 8 ? 'object' : TYPES[p % TYPES.length];
      set(row, 'propertyType', type);
      if (p % 10 === 8) set(row, 'propertyName', `group_${p}`);
      set(row, 'required', p % 3 === 0);
      if (type === 'string' && p % 4 === 0) set(row, 'allowedValues', 'alpha, beta, gamma');
      if (type === 'string' && p % 4 === 2) set(row, 'pattern', '^[a-z0-9_]+$');
      if (type === 'number' || type === 'integer') {
        set(row, 'min', 0);
        set(row, 'max', 1000);
      }
      grid.push(row);
    }
  }
  return grid;
}

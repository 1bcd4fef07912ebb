/**
 * A sheet's rectangle of cells, as Sheets keeps it: a fixed number of rows and columns that only change
 * when rows or columns are inserted or deleted. Rows are allocated when first written.
 */
export class Grid<T> {
  private readonly rowsData: Array<T[] | undefined>;

  constructor(
    rows: number,
    private columnCount: number,
    private readonly empty: T,
  ) {
    this.rowsData = new Array<T[] | undefined>(rows);
  }

  get rows(): number {
    return this.rowsData.length;
  }

  get columns(): number {
    return this.columnCount;
  }

  get(row: number, column: number): T {
    const data = this.rowsData[row];
    return data === undefined ? this.empty : data[column];
  }

  set(row: number, column: number, value: T): void {
    let data = this.rowsData[row];
    if (data === undefined) {
      if (value === this.empty) return;
      data = new Array<T>(this.columnCount).fill(this.empty);
      this.rowsData[row] = data;
    }
    data[column] = value;
  }

  /** The 0-based rectangle, copied. */
  read(row: number, column: number, rows: number, columns: number): T[][] {
    const out: T[][] = [];
    for (let r = row; r < row + rows; r++) {
      const data = this.rowsData[r];
      out.push(data === undefined ? new Array<T>(columns).fill(this.empty) : data.slice(column, column + columns));
    }
    return out;
  }

  /** The last 1-based row (and column) holding anything but the empty value; 0 when none. */
  lastRow(): number {
    for (let r = this.rowsData.length - 1; r >= 0; r--) if (this.rowsData[r]?.some((v) => v !== this.empty)) return r + 1;
    return 0;
  }

  lastColumn(): number {
    let last = 0;
    for (const data of this.rowsData) {
      if (data === undefined) continue;
      for (let c = data.length - 1; c >= last; c--) if (data[c] !== this.empty) last = c + 1;
    }
    return last;
  }

  insertRows(at: number, count: number): void {
    // No spread: a plan's worth of rows is more arguments than a call can take.
    const tail = this.rowsData.splice(at);
    this.rowsData.length = at + count;
    for (const data of tail) this.rowsData.push(data);
  }

  deleteRows(at: number, count: number): void {
    this.rowsData.splice(at, count);
  }

  insertColumns(at: number, count: number): void {
    this.columnCount += count;
    for (const data of this.rowsData) if (data) data.splice(at, 0, ...new Array<T>(count).fill(this.empty));
  }

  deleteColumns(at: number, count: number): void {
    this.columnCount -= count;
    for (const data of this.rowsData) data?.splice(at, count);
  }
}

// The fakes refuse what Apps Script refuses, with its messages: a fake kinder than Sheets hides real failures.
import { FakeProperties, FakeSpreadsheet, FakeUrlFetchApp, NEW_SHEET_COLUMNS, NEW_SHEET_ROWS } from '../../src/apps-script-fakes';
import { chunks } from '../../src/segment/backup-format';

const OUTSIDE = 'Exception: The coordinates of the range are outside the dimensions of the sheet.';

describe('the Sheets fake', () => {
  it('makes new sheets 1000 x 26 and throws for ranges outside the grid', () => {
    const sheet = new FakeSpreadsheet().insertSheet('New');
    expect([sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([NEW_SHEET_ROWS, NEW_SHEET_COLUMNS]);
    expect(() => sheet.getRange(2, 1, 2000, 1)).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
    expect(() => sheet.getRange('AA1')).toThrow();
    expect(
      String(
        (() => {
          try {
            sheet.getRange(1001, 1);
          } catch (e) {
            return e;
          }
        })(),
      ),
    ).toBe(OUTSIDE);
    sheet.insertRowsAfter(1000, 1001);
    expect(sheet.getRange(2, 1, 2000, 1).getNumRows()).toBe(2000);
  });

  it('grows on appendRow, shrinks on deleteRows and deleteColumns, and never deletes every row', () => {
    const sheet = new FakeSpreadsheet().addSheet('Data', [['a'], ['b']], { rows: 2, columns: 1 });
    sheet.appendRow(['c', 'd']);
    expect([sheet.getMaxRows(), sheet.getMaxColumns(), sheet.getLastRow()]).toEqual([3, 2, 3]);
    sheet.deleteRows(1, 2);
    expect(sheet.values).toEqual([['c', 'd']]);
    expect(() => sheet.deleteRows(1, 1)).toThrow('Sorry, it is not possible to delete all non-frozen rows.');
    expect(() => sheet.deleteRows(2, 5)).toThrow('Those rows are out of bounds.');
    sheet.deleteColumns(1, 1);
    expect(sheet.getMaxColumns()).toBe(1);
  });

  it('refuses data of the wrong shape and cells over 50,000 characters', () => {
    const sheet = new FakeSpreadsheet().insertSheet('New');
    expect(() => sheet.getRange(1, 1, 2, 2).setValues([['a', 'b']])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expect(() => sheet.getRange(1, 1, 1, 2).setValues([['a']])).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
    expect(() => sheet.getRange(1, 1).setValues([['x'.repeat(50_001)]])).toThrow(
      'Your input contains more than the maximum of 50000 characters in a single cell.',
    );
    sheet.getRange(1, 1).setValues([['x'.repeat(50_000)]]);
  });

  it('keeps sheet names unique (whatever their case) and at most 100 characters', () => {
    const book = new FakeSpreadsheet();
    book.insertSheet('Plan');
    expect(() => book.insertSheet('plan')).toThrow('A sheet with the name "plan" already exists. Please enter another name.');
    expect(() => book.insertSheet('x'.repeat(101))).toThrow('The sheet name cannot be longer than 100 characters.');
    expect(book.insertSheet('x'.repeat(100)).getName()).toHaveLength(100);
  });

  it('reports unfilled cells as white, but keeps an explicit white fill apart from no fill', () => {
    const sheet = new FakeSpreadsheet().insertSheet('New');
    expect(sheet.getRange(1, 1, 1, 2).getBackgrounds()).toEqual([['#ffffff', '#ffffff']]);
    sheet.getRange(1, 1).setBackground('#ffffff');
    expect([sheet.fillAt('A1'), sheet.fillAt('B1')]).toEqual(['#ffffff', null]);
  });

  it('stores half a surrogate pair as U+FFFD, as Sheets does', () => {
    const sheet = new FakeSpreadsheet().insertSheet('New');
    sheet.getRange(1, 1, 1, 2).setValues([['a😀'.slice(0, 2), '😀']]);
    expect(sheet.values).toEqual([['a\uFFFD', '😀']]);
  });
});

describe('PropertiesService and UrlFetchApp fakes', () => {
  it('hold 9 KB per value and 500 KB per store', () => {
    const store = new FakeProperties();
    expect(() => store.setProperty('k', 'x'.repeat(9 * 1024 + 1))).toThrow('Argument too large: value');
    for (let i = 0; i < 55; i++) store.setProperty(`k${i}`, 'x'.repeat(9 * 1024));
    expect(() => store.setProperty('one-more', 'x'.repeat(9 * 1024))).toThrow('You have exceeded the property storage quota.');
  });

  it("fetch only the manifest's hosts, and URLs under 2 KB", () => {
    const fetch = new FakeUrlFetchApp();
    expect(fetch.whitelist).toEqual([
      'https://platform.segmentapis.com/',
      'https://api.segmentapis.com/',
      'https://eu1.api.segmentapis.com/',
    ]);
    expect(() => fetch.fetch('http://127.0.0.1:4010/x')).toThrow('failed because the URL has not been whitelisted in the script manifest.');
    expect(() => fetch.fetch(`https://api.segmentapis.com/${'x'.repeat(2048)}`)).toThrow('Limit Exceeded: URLFetch URL Length.');
    expect(fetch.fetch('https://api.segmentapis.com/tracking-plans').getResponseCode()).toBe(200);
    fetch.allow('http://127.0.0.1:4010');
    expect(fetch.fetch('http://127.0.0.1:4010/x').getResponseCode()).toBe(200);
  });
});

describe('backup cells', () => {
  it('never cut an emoji in two', () => {
    const text = `${'a'.repeat(39_999)}😀${'b'.repeat(10)}`;
    const cells = chunks(text);
    expect(cells.map((c) => c.length)).toEqual([39_999, 12]);
    expect(cells.join('')).toBe(text);
  });
});

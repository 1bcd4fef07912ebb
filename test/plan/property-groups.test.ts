// Property groups (issue 19, item 4): a Property Groups sheet holds properties shared by many events; a Tracking
// Plan row whose Property Name is `@Product` includes every property of group Product, a later row of the event
// overrides the group's cells it fills, groups include groups, and a group's problems are said once, at its cells.
import type { CellValue } from '../../src/plan/cell-values';
import { planChecks } from '../../src/plan/conventions';
import { formatProblem } from '../../src/plan/problems';
import { ParseOptions, parseTrackingPlan } from '../../src/plan/parse-plan';
import { planToRows } from '../../src/plan/write-plan';
import { buildConfigRules } from '../../src/schema/build-rules';
import { parseRows, RowSpec } from '../helpers/sheet';

const GROUPS_SHEET = 'Property Groups';
const HEADER: CellValue[] = ['Group', 'Property Name', 'Property Description', 'Property Type', 'Required', 'Allowed Values', 'Min', 'Max'];

/** A Property Groups sheet: the header, then rows [group, name, description, type, required, allowed, min, max]. */
function groups(...rows: CellValue[][]): ParseOptions['groups'] {
  return { sheet: GROUPS_SHEET, values: [HEADER, ...rows.map((r) => [...r, ...new Array<CellValue>(HEADER.length - r.length).fill('')])] };
}

const PRODUCT = groups(
  ['Product', 'product_id', 'Database id of the product', 'string', true],
  ['', 'price', 'Unit price', 'number', '', '', 0],
  ['', 'dimensions', 'Size of the box', 'object'],
  ['', 'dimensions.width', 'Width in cm', 'number'],
  ['', 'variants', 'Variants on offer', 'array'],
  ['', 'variants.$', 'One variant', 'object'],
  ['', 'variants.$.sku', 'Stock keeping unit', 'string', true],
);

/** The Product group's rows, written out under an event as an analyst would without groups. */
const PRODUCT_ROWS: RowSpec[] = [
  { propertyName: 'product_id', propertyDescription: 'Database id of the product', propertyType: 'string', required: true },
  { propertyName: 'price', propertyDescription: 'Unit price', propertyType: 'number', min: 0 },
  { propertyName: 'dimensions', propertyDescription: 'Size of the box', propertyType: 'object' },
  { propertyName: 'dimensions.width', propertyDescription: 'Width in cm', propertyType: 'number' },
  { propertyName: 'variants', propertyDescription: 'Variants on offer', propertyType: 'array' },
  { propertyName: 'variants.$', propertyDescription: 'One variant', propertyType: 'object' },
  { propertyName: 'variants.$.sku', propertyDescription: 'Stock keeping unit', propertyType: 'string', required: true },
];

function read(rows: RowSpec[], options: ParseOptions = {}) {
  const { plan, problems } = parseRows(rows, options);
  return { plan, problems: problems.map(formatProblem), rules: buildConfigRules(plan) };
}

describe('property groups', () => {
  it('@Product includes every property of the group, nested names and array items too: the rule of the rows written out', () => {
    const withGroup = read(
      [
        { eventName: 'Product Viewed', eventDescription: 'A product page is shown' },
        { propertyName: '@Product' },
        { propertyName: 'list_id', propertyDescription: 'The list it was shown in', propertyType: 'string' },
        { eventName: 'Product Added', eventDescription: 'A product goes into the cart' },
        { propertyName: '@Product' },
      ],
      { groups: PRODUCT },
    );
    const written = read([
      { eventName: 'Product Viewed', eventDescription: 'A product page is shown' },
      ...PRODUCT_ROWS,
      { propertyName: 'list_id', propertyDescription: 'The list it was shown in', propertyType: 'string' },
      { eventName: 'Product Added', eventDescription: 'A product goes into the cart' },
      ...PRODUCT_ROWS,
    ]);
    expect(withGroup.problems).toEqual([]);
    expect(written.problems).toEqual([]);
    expect(withGroup.rules).toEqual(written.rules);
    expect(
      Object.keys(
        (withGroup.rules.events[0]?.rules as { properties: { properties: { properties: object } } }).properties.properties.properties,
      ),
    ).toEqual(['product_id', 'price', 'dimensions', 'variants', 'list_id']);
  });

  it('a later row of the event with the same name overrides the cells it fills, and keeps the group’s others', () => {
    const { problems, rules } = read(
      [
        { eventName: 'Product Added', eventDescription: 'A product goes into the cart' },
        { propertyName: '@Product' },
        { propertyName: 'price', required: true, max: 500 },
        { propertyName: 'product_id', propertyType: 'integer' },
      ],
      { groups: PRODUCT },
    );
    expect(problems).toEqual([]);
    const inner = (rules.events[0]?.rules as { properties: { properties: { properties: Record<string, unknown>; required: string[] } } })
      .properties.properties;
    expect(inner.properties.price).toEqual({ description: 'Unit price', type: 'number', minimum: 0, maximum: 500 });
    expect(inner.properties.product_id).toEqual({ description: 'Database id of the product', type: 'integer' });
    expect(inner.required).toEqual(['product_id', 'price']);
  });

  it('an override that makes the group’s cells wrong is an error at the overriding row', () => {
    const { problems } = read(
      [
        { eventName: 'Product Added', eventDescription: 'A product goes into the cart' },
        { propertyName: '@Money' },
        { propertyName: 'currency', propertyType: 'integer' },
      ],
      { groups: groups(['Money', 'currency', 'ISO 4217 code', 'string', '', 'USD, EUR']) },
    );
    expect(problems).toEqual([
      'Tracking Plan!D4 error: Allowed value "USD" is not an integer, the type of "currency". Fix the value or the Property Type.',
      'Tracking Plan!D4 error: Allowed value "EUR" is not an integer, the type of "currency". Fix the value or the Property Type.',
    ]);
  });

  it('groups include groups, in order, with a group’s own later row overriding what it includes', () => {
    const nested = groups(
      ['Money', 'price', 'Unit price', 'number', '', '', 0],
      ['', 'currency', 'ISO 4217 code', 'string', '', 'USD, EUR'],
      ['Product', 'product_id', 'Database id of the product', 'string', true],
      ['', '@Money'],
      ['', 'price', '', '', true],
    );
    const withGroups = read(
      [{ eventName: 'Product Added', eventDescription: 'A product goes into the cart' }, { propertyName: '@Product' }],
      { groups: nested },
    );
    const written = read([
      { eventName: 'Product Added', eventDescription: 'A product goes into the cart' },
      { propertyName: 'product_id', propertyDescription: 'Database id of the product', propertyType: 'string', required: true },
      { propertyName: 'price', propertyDescription: 'Unit price', propertyType: 'number', required: true, min: 0 },
      { propertyName: 'currency', propertyDescription: 'ISO 4217 code', propertyType: 'string', allowedValues: 'USD, EUR' },
    ]);
    expect(withGroups.problems).toEqual([]);
    expect(withGroups.rules).toEqual(written.rules);
  });

  it('a cycle of groups is an error naming it, once, at the inclusion that closes it', () => {
    const { problems } = read(
      [
        { eventName: 'Product Added', eventDescription: 'A product goes into the cart' },
        { propertyName: '@A' },
        { eventName: 'Product Removed', eventDescription: 'A product leaves the cart' },
        { propertyName: '@B' },
      ],
      {
        groups: groups(['A', 'a_id', 'An id', 'string'], ['', '@B'], ['B', 'b_id', 'Another id', 'string'], ['', '@A']),
      },
    );
    expect(problems).toEqual(['Property Groups!B5 error: Group A includes itself: A → B → A. Remove one of these inclusions.']);
  });

  it('an unknown group is an error at its cell, with a did-you-mean', () => {
    const { problems, plan } = read(
      [{ eventName: 'Product Added', eventDescription: 'A product goes into the cart' }, { propertyName: '@Prodcut' }],
      { groups: PRODUCT },
    );
    expect(problems).toEqual(['Tracking Plan!D3 error: There is no group "Prodcut" in Property Groups. Did you mean Product?']);
    expect(plan.events[0]?.properties).toEqual([]);
  });

  it('an unknown group nothing resembles says how to write a property whose name starts with @', () => {
    const { problems } = read([{ eventName: 'Profile Viewed', eventDescription: 'A profile is shown' }, { propertyName: '@handle' }], {
      groups: PRODUCT,
    });
    expect(problems).toEqual([
      'Tracking Plan!D3 error: There is no group "handle" in Property Groups. Add it there, or fix the name (a property whose name starts with @ is written \\@handle).',
    ]);
  });

  it('an @ row without a Property Groups sheet says where groups go', () => {
    const { problems } = read([
      { eventName: 'Product Added', eventDescription: 'A product goes into the cart' },
      { propertyName: '@Product' },
    ]);
    expect(problems).toEqual([
      'Tracking Plan!D3 error: "@Product" names a property group, but this spreadsheet has no Property Groups sheet. Add one (Segment > Set up sheets) with a Group column; for a property whose name starts with @, write \\@Product.',
    ]);
  });

  it('a problem in a group’s row is said once, at the group’s cell, however many events include it', () => {
    const options: ParseOptions = {
      groups: groups(['Product', 'product_id', 'Database id', 'strng', true], ['', 'productName', '', 'string']),
    };
    const rows: RowSpec[] = ['Product Viewed', 'Product Added', 'Product Removed'].flatMap((eventName) => [
      { eventName, eventDescription: 'Something happens to a product' },
      { propertyName: '@Product' },
    ]);
    const parsed = parseRows(rows, options);
    const checks = planChecks(
      parsed.plan,
      { sheet: 'Tracking Plan', columns: parsed.columns, groups: parsed.groupCells },
      { eventNaming: 'any', propertyNaming: 'snake_case', descriptionsRequired: false },
    );
    expect([...parsed.problems, ...checks].map(formatProblem)).toEqual([
      'Property Groups!D2 error: Unknown Property Type "strng". Did you mean string? Use one of: string, number, integer, boolean, object, array, null, any, date-time; several comma-separated (string, null).',
      'Property Groups!C3 warning: Property "productName" has no description.',
      'Property Groups!B3 warning: Property "productName" is not named snake_case (order_id), as Property Naming asks.',
    ]);
  });

  it('an event’s own row before the inclusion must agree with the group: a difference is an error at the @ cell', () => {
    const { problems } = read(
      [
        { eventName: 'Product Added', eventDescription: 'A product goes into the cart' },
        { propertyName: 'price', propertyDescription: 'Unit price', propertyType: 'integer' },
        { propertyName: '@Product' },
      ],
      { groups: PRODUCT },
    );
    expect(problems).toEqual([
      'Tracking Plan!D4 error: @Product includes "price" (Property Groups row 3), which row 3 defines differently. Put the event’s own row after @Product to override the group’s cells it fills, or make them agree.',
    ]);
  });
});

describe('Property Groups rows', () => {
  it('a row with property cells but no Property Name is an error at each cell, as in the plan', () => {
    const { problems } = read(
      [{ eventName: 'Product Added', eventDescription: 'A product goes into the cart' }, { propertyName: '@Product' }],
      {
        groups: groups(['Product', 'product_id', 'Database id of the product', 'string'], ['', '', '', 'number', true]),
      },
    );
    expect(problems).toEqual([
      'Property Groups!D3 error: Property Type is filled in but the row has no Property Name, so it would be lost. Add the Property Name or clear the cell.',
      'Property Groups!E3 error: Required is filled in but the row has no Property Name, so it would be lost. Add the Property Name or clear the cell.',
    ]);
  });

  it('a cell showing a spreadsheet error is an error at it, and its row is left out', () => {
    const { problems, plan } = read(
      [{ eventName: 'Product Added', eventDescription: 'A product goes into the cart' }, { propertyName: '@Product' }],
      {
        groups: groups(['Product', 'product_id', 'Database id of the product', 'string'], ['', 'price', 'Unit price', '#REF!']),
      },
    );
    expect(problems).toEqual([
      'Property Groups!D3 error: The cell shows the spreadsheet error #REF!. Fix the formula or type the value in.',
    ]);
    expect(plan.events[0]?.properties.map((p) => p.path)).toEqual(['product_id']);
  });

  it('a property before any group name is an error at its cell', () => {
    const { problems } = read([{ eventName: 'Product Added', eventDescription: 'A product goes into the cart' }], {
      groups: groups(['', 'product_id', 'Database id of the product', 'string']),
    });
    expect(problems).toEqual([
      'Property Groups!B2 error: Property "product_id" has no group: put a Group name on this row or on a row above it.',
    ]);
  });

  it('event columns are not read there: a warning at their header', () => {
    const { problems } = read([{ eventName: 'Product Added', eventDescription: 'A product goes into the cart' }], {
      groups: {
        sheet: GROUPS_SHEET,
        values: [
          ['Group', 'Property Name', 'Property Type', 'Version'],
          ['Product', 'sku', 'string', ''],
        ],
      },
    });
    expect(problems).toEqual([
      'Property Groups!D1 warning: Column "Version" is not read in Property Groups: a group holds properties, not events. Delete it.',
      'Property Groups!B2 warning: Property "sku" has no description.',
    ]);
  });

  it('a sheet without a Group column beside Property Name is an error naming what the header needs', () => {
    const { problems } = read([{ eventName: 'Product Added', eventDescription: 'A product goes into the cart' }], {
      groups: {
        sheet: GROUPS_SHEET,
        values: [
          ['Name', 'Property Type'],
          ['sku', 'string'],
        ],
      },
    });
    expect(problems).toEqual([
      'Property Groups error: No header row found: none of the first 30 rows has a cell reading "Group" beside a Property Name cell. Add a header row (Group, Property Name, Property Type, ...) above the groups.',
    ]);
  });
});

describe('a nested name whose parent the group does not define', () => {
  it('is said once, at the group’s row, however many events include it', () => {
    const { problems } = read(
      [
        { eventName: 'Order Completed', eventDescription: 'An order is paid' },
        { propertyName: '@Shipping' },
        { eventName: 'Order Refunded', eventDescription: 'An order is paid back' },
        { propertyName: '@Shipping' },
      ],
      { groups: groups(['Shipping', 'address.city', 'City', 'string']) },
    );
    expect(problems).toEqual([
      'Property Groups!B2 warning: "address" has no row of its own, so it is taken to be an optional object with no description. Add a row for "address" to describe it.',
    ]);
  });
});

describe('one property defined twice', () => {
  it('in one group, differently: an error at the second row', () => {
    const { problems } = read(
      [{ eventName: 'Product Added', eventDescription: 'A product goes into the cart' }, { propertyName: '@Product' }],
      {
        groups: groups(['Product', 'price', 'Unit price', 'number'], ['', 'price', 'Unit price', 'integer']),
      },
    );
    expect(problems).toEqual([
      'Property Groups!B3 error: "price" is already defined in row 2 differently. Define each property once per group, or make the rows agree.',
    ]);
  });

  it('by two groups one event includes, differently: an error at the second @ cell, naming both rows', () => {
    const { problems } = read(
      [{ eventName: 'Product Added', eventDescription: 'A product goes into the cart' }, { propertyName: '@A' }, { propertyName: '@B' }],
      { groups: groups(['A', 'id', 'An id', 'string'], ['B', 'id', 'An id', 'integer']) },
    );
    expect(problems).toEqual([
      'Tracking Plan!D4 error: @B includes "id" (Property Groups row 3), which Property Groups row 2 defines differently. Make the two rows agree, or keep the property in one group only.',
    ]);
  });
});

describe('one property defined twice, inside a group', () => {
  it('by two groups it includes: an error at the second @ cell in Property Groups, once', () => {
    const { problems } = read(
      [
        { eventName: 'Product Added', eventDescription: 'A product goes into the cart' },
        { propertyName: '@C' },
        { eventName: 'Product Removed', eventDescription: 'A product leaves the cart' },
        { propertyName: '@C' },
      ],
      { groups: groups(['A', 'id', 'An id', 'string'], ['B', 'id', 'An id', 'integer'], ['C', '@A'], ['', '@B']) },
    );
    expect(problems).toEqual([
      'Property Groups!B5 error: @B includes "id" (Property Groups row 3), which Property Groups row 2 defines differently. Make the two rows agree, or keep the property in one group only.',
    ]);
  });
});

describe('an @ row', () => {
  it('takes no other property cells: each is an error at its cell, saying where overrides go', () => {
    const { problems } = read(
      [
        { eventName: 'Product Added', eventDescription: 'A product goes into the cart' },
        { propertyName: '@Product', required: true },
      ],
      { groups: PRODUCT },
    );
    expect(problems).toEqual([
      'Tracking Plan!G3 error: Required is filled in on the @Product row, which includes the group as it is. Put what differs on a row of its own after it, with the property’s name.',
    ]);
  });
});

describe('an @ row in a layout with one Description column', () => {
  it('takes no description either: an error at the cell', () => {
    const { problems } = parseTrackingPlan(
      [
        ['Event Name', 'Property Name', 'Description'],
        ['Product Added', '', 'A product goes into the cart'],
        ['', '@Product', 'The product fields'],
      ],
      { groups: PRODUCT },
    );
    expect(problems.map(formatProblem)).toEqual([
      'Tracking Plan!C3 error: Description is filled in on the @Product row, which includes the group as it is. Put what differs on a row of its own after it, with the property’s name.',
    ]);
  });
});

describe('a property whose name starts with @', () => {
  it('is written \\@name, which the sheet reads as the property @name, so import then send changes nothing', () => {
    const { plan, problems, rules } = read([
      { eventName: 'Profile Viewed', eventDescription: 'A profile is shown' },
      { propertyName: '\\@handle', propertyDescription: 'The handle shown', propertyType: 'string' },
    ]);
    expect(problems).toEqual([]);
    expect(
      Object.keys((rules.events[0]?.rules as { properties: { properties: { properties: object } } }).properties.properties.properties),
    ).toEqual(['@handle']);
    const rows = planToRows(plan);
    expect(rows[2]?.[3]).toBe('\\@handle');
    expect(buildConfigRules(parseTrackingPlan(rows).plan)).toEqual(rules);
  });
});

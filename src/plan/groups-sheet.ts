/**
 * What Set up sheets and the template write in Property Groups: the Group column and the plan's property columns
 * (from the one column list, so a column renamed there is renamed here), and a worked example.
 */
import { COLUMN_BY_KEY, ColumnKey } from './columns';

export interface SheetColumn {
  header: string;
  help: string;
  width: number;
  dropdown?: readonly string[];
}

const PROPERTY_KEYS: readonly ColumnKey[] = [
  'propertyName',
  'propertyDescription',
  'propertyType',
  'required',
  'allowedValues',
  'pattern',
  'min',
  'max',
  'jsonSchema',
];

/** Helps that say more in a group than in the plan. */
const GROUP_HELP: Partial<Record<ColumnKey, string>> = {
  propertyName:
    'A property of the group: dots nest objects (address.city), .$ marks array items (products.$.sku). @Other includes group Other here.',
};

export const GROUPS_COLUMNS: readonly SheetColumn[] = [
  {
    header: 'Group',
    help: 'The group the rows below belong to. In Tracking Plan, a row whose Property Name is @Group includes all of them; a later row of that event with the same Property Name overrides the cells it fills.',
    width: 140,
  },
  ...PROPERTY_KEYS.flatMap((key) => {
    const column = COLUMN_BY_KEY.get(key);
    if (!column) return [];
    const { header, help, width, dropdown } = column;
    return [{ header, help: GROUP_HELP[key] ?? help, width, ...(dropdown && { dropdown }) }];
  }),
];

type Row = Partial<Record<ColumnKey | 'group', string | boolean | number>>;

/** A product's fields, and a cart line that includes them: `@Product` in Product Viewed, `@Cart Line` in Product Added. */
const EXAMPLE: Row[] = [
  {
    group: 'Product',
    propertyName: 'product_id',
    propertyDescription: 'Database id of the product',
    propertyType: 'string',
    required: true,
  },
  { propertyName: 'sku', propertyDescription: 'Stock keeping unit', propertyType: 'string', required: true },
  { propertyName: 'name', propertyDescription: 'Name shown in the shop', propertyType: 'string' },
  { propertyName: 'price', propertyDescription: 'Unit price in the order currency', propertyType: 'number', required: true, min: 0 },
  { propertyName: 'category', propertyDescription: 'Shop section', propertyType: 'string', allowedValues: 'books, games, music' },
  { propertyName: 'dimensions', propertyDescription: 'Size of the box', propertyType: 'object' },
  { propertyName: 'dimensions.width', propertyDescription: 'Width in cm', propertyType: 'number', min: 0 },
  { propertyName: 'images', propertyDescription: 'Product images', propertyType: 'array', max: 10 },
  { propertyName: 'images.$', propertyDescription: 'One image URL', propertyType: 'string', pattern: '^https://' },
  { group: 'Cart Line', propertyName: '@Product' },
  { propertyName: 'quantity', propertyDescription: 'Units in the cart', propertyType: 'integer', required: true, min: 1 },
  { propertyName: 'coupon', propertyDescription: 'Coupon applied to the line, if any', propertyType: 'string, null' },
];

/** The sheet as Set up sheets writes it: the header, then the example. */
export function groupsGrid(): (string | boolean | number)[][] {
  const keys: readonly (ColumnKey | 'group')[] = ['group', ...PROPERTY_KEYS];
  return [GROUPS_COLUMNS.map((c) => c.header), ...EXAMPLE.map((row) => keys.map((key) => row[key] ?? ''))];
}

import { COLUMNS, ColumnKey } from '../plan/columns';
import { groupsGrid } from '../plan/groups-sheet';
import { SETTINGS } from '../plan/settings';

type Row = Partial<Record<ColumnKey, string | boolean | number>>;

/** The banner above the header, as in Segment's own template: the parser skips it. */
export const BANNER = [
  'Segment tracking plan',
  'One row per event and per property. Nest with dots (address.city) and mark array items with .$ (products.$.sku). Then Segment > Send to Segment.',
];

/**
 * The worked example: Segment's documented User Logged In / User Signed Up events, and a few richer
 * ones showing nesting, arrays, enums, patterns, labels, versions and identify/group/common rules.
 */
const EXAMPLE_ROWS: Row[] = [
  { eventName: 'User Logged In', eventDescription: 'Sent when a user logs into the web app' },
  { propertyName: 'username', propertyDescription: 'The name the user logged in with', propertyType: 'string', required: true },

  { eventName: 'User Signed Up', eventDescription: 'Sent when a user signs up for the web app' },
  { propertyName: 'username', propertyDescription: 'The name the user chose', propertyType: 'string', required: true },

  {
    eventName: 'Order Completed',
    eventDescription: 'Sent when a customer completes an order',
    labels: 'team:checkout, priority:high',
    version: 2,
  },
  {
    propertyName: 'order_id',
    propertyDescription: 'Order id from the shop database',
    propertyType: 'string',
    required: true,
    pattern: '^ord_[A-Za-z0-9]+$',
  },
  {
    propertyName: 'total',
    propertyDescription: 'Revenue with discounts and coupons applied',
    propertyType: 'number',
    required: true,
    min: 0,
  },
  {
    propertyName: 'currency',
    propertyDescription: 'ISO 4217 currency code',
    propertyType: 'string',
    required: true,
    allowedValues: 'USD, EUR, GBP',
  },
  { propertyName: 'coupon', propertyDescription: 'Coupon code used, if any', propertyType: 'string, null' },
  { propertyName: 'products', propertyDescription: 'Products in the order', propertyType: 'array', required: true, min: 1 },
  { propertyName: 'products.$', propertyDescription: 'One product line', propertyType: 'object' },
  { propertyName: 'products.$.sku', propertyDescription: 'Stock keeping unit', propertyType: 'string', required: true },
  { propertyName: 'products.$.price', propertyDescription: 'Unit price', propertyType: 'number', min: 0 },
  { propertyName: 'products.$.quantity', propertyDescription: 'Units bought', propertyType: 'integer', required: true, min: 1, max: 100 },

  { eventName: 'Article Viewed', eventDescription: 'Sent when a reader opens an article' },
  { propertyName: 'article_id', propertyDescription: 'Article id', propertyType: 'integer', required: true },
  {
    propertyName: 'category',
    propertyDescription: 'Section the article is filed under',
    propertyType: 'string, null',
    allowedValues: 'news\nsport\nculture',
  },
  { propertyName: 'tags', propertyDescription: 'Editorial tags', propertyType: 'array', max: 10 },
  { propertyName: 'tags.$', propertyDescription: 'One tag', propertyType: 'string', min: 1, max: 40 },
  { propertyName: 'author', propertyDescription: 'Who wrote it', propertyType: 'object' },
  { propertyName: 'author.name', propertyDescription: 'Byline', propertyType: 'string', required: true },
  { propertyName: 'published_at', propertyDescription: 'When the article went live', propertyType: 'date-time' },

  { eventType: 'identify', eventDescription: 'Traits sent with identify calls' },
  {
    eventType: 'identify',
    propertyName: 'email',
    propertyDescription: 'Email address',
    propertyType: 'string',
    pattern: '^[^@\\s]+@[^@\\s]+$',
  },
  { propertyName: 'plan', propertyDescription: 'Subscription plan', propertyType: 'string', allowedValues: 'free, pro, enterprise' },
  { propertyName: 'address', propertyDescription: 'Postal address', propertyType: 'object' },
  { propertyName: 'address.city', propertyDescription: 'City', propertyType: 'string' },
  { propertyName: 'created_at', propertyDescription: 'When the account was created', propertyType: 'date-time' },

  { eventType: 'group', propertyName: 'name', propertyDescription: 'Company name', propertyType: 'string' },
  { propertyName: 'employees', propertyDescription: 'Head count', propertyType: 'integer', min: 1 },

  { eventType: 'common', propertyName: 'context', propertyDescription: 'Context every call carries', propertyType: 'object' },
  { propertyName: 'context.app', propertyDescription: 'The app that sent the call', propertyType: 'object' },
  { propertyName: 'context.app.version', propertyDescription: 'App version', propertyType: 'string', required: true },
];

export function templatePlanGrid(): (string | boolean | number)[][] {
  const width = COLUMNS.length;
  const banner = BANNER.map((text) => [text, ...new Array<string>(width - 1).fill('')]);
  const header = COLUMNS.map((c) => c.header);
  const rows = EXAMPLE_ROWS.map((row) => COLUMNS.map((c) => row[c.key] ?? ''));
  return [...banner, header, ...rows];
}

const SETTINGS_HEADER = ['Setting', 'Value', 'Help'];

export function templateSettingsGrid(): string[][] {
  return [SETTINGS_HEADER, ...SETTINGS.map((s) => [s.label, '', s.help])];
}

/** Property Groups: its header and worked example, as Set up sheets writes them. */
export function templateGroupsGrid(): (string | boolean | number)[][] {
  return groupsGrid();
}

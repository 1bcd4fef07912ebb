/**
 * The Tracking Plan sheet's columns. The parser, the template generator and the add-on's
 * "Set up sheets" all read this one list, so a column renamed here is renamed everywhere.
 */
export type ColumnKey =
  | 'eventType'
  | 'eventName'
  | 'eventDescription'
  | 'propertyName'
  | 'propertyDescription'
  | 'propertyType'
  | 'required'
  | 'allowedValues'
  | 'pattern'
  | 'min'
  | 'max'
  | 'labels'
  | 'version'
  | 'jsonSchema';

export interface ColumnDefinition {
  key: ColumnKey;
  /** The header the template writes. */
  header: string;
  /** Other headers accepted for this column, as `headerKey` writes them (lower case, words only: `Req'd` is `reqd`). */
  aliases: readonly string[];
  /** The note on the template's header cell. */
  help: string;
  /** Values offered in a dropdown by "Set up sheets"; other values stay allowed. */
  dropdown?: readonly string[];
  /** Column width in pixels in the template. */
  width: number;
}

export const EVENT_TYPES = ['track', 'identify', 'group', 'page', 'screen', 'common'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const PROPERTY_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null', 'any', 'date-time'] as const;

export const COLUMNS: readonly ColumnDefinition[] = [
  {
    key: 'eventType',
    header: 'Event Type',
    aliases: ['type of call', 'call type', 'call', 'rule type', 'method', 'segment call', 'object type', 'entity type'],
    help: 'track (or blank), identify, group, page, screen or common',
    dropdown: EVENT_TYPES,
    width: 100,
  },
  {
    key: 'eventName',
    header: 'Event Name',
    aliases: ['object name', 'entity name', 'event'],
    help: 'The event name (track, page, screen). Blank for identify, group and common rows, and for property rows under an event.',
    width: 180,
  },
  {
    key: 'eventDescription',
    header: 'Event Description',
    aliases: ['fires when', 'event definition', 'when to fire', 'trigger', 'event trigger', 'object description', 'entity description'],
    help: 'When the event fires.',
    width: 260,
  },
  {
    key: 'propertyName',
    header: 'Property Name',
    aliases: [
      'property',
      'trait',
      'trait name',
      'property key',
      'name',
      'property or trait',
      'attribute',
      'parameter',
      'event property name',
    ],
    help: 'A property (a trait on identify/group rows). Dots nest objects (address.city); .$ or [] marks array items (products.$.sku).',
    width: 180,
  },
  {
    key: 'propertyDescription',
    header: 'Property Description',
    aliases: ['property definition', 'description', 'trait description', 'property details'],
    help: 'What the property holds.',
    width: 260,
  },
  {
    key: 'propertyType',
    header: 'Property Type',
    aliases: ['data type', 'value type', 'type', 'property data type', 'property value type', 'trait type'],
    help: 'string, number, integer, boolean, object, array, null, any or date-time; several comma-separated (string, null). Blank = any.',
    dropdown: ['string', 'number', 'integer', 'boolean', 'object', 'array', 'date-time', 'any', 'string, null', 'number, null'],
    width: 120,
  },
  {
    key: 'required',
    header: 'Required',
    aliases: [
      'is required',
      'mandatory',
      'reqd',
      'req',
      'required y n',
      'property required',
      'property is required',
      'status',
      'property status',
      'presence',
      'property presence',
    ],
    help: 'TRUE when the property must be present.',
    dropdown: ['TRUE', 'FALSE'],
    width: 80,
  },
  {
    key: 'allowedValues',
    header: 'Allowed Values',
    aliases: [
      'enum',
      'enum values',
      'allowed value',
      'possible values',
      'values',
      'permitted values',
      'allowed property values',
      'property enum values',
      'accepted values',
      'property allowed values',
    ],
    help: 'The only values allowed, comma- or newline-separated.',
    width: 200,
  },
  {
    key: 'pattern',
    header: 'Pattern',
    aliases: ['regex', 'regular expression', 'property regex', 'property pattern', 'format regex'],
    help: 'A regular expression strings must match (no lookahead, lookbehind or backreferences).',
    width: 140,
  },
  {
    key: 'min',
    header: 'Min',
    aliases: ['minimum', 'min value', 'min length', 'minimum length', 'min items'],
    help: 'Minimum (numbers), minimum length (strings) or minimum item count (arrays).',
    width: 60,
  },
  {
    key: 'max',
    header: 'Max',
    aliases: ['maximum', 'max value', 'max length', 'maximum length', 'max items'],
    help: 'Maximum (numbers), maximum length (strings) or maximum item count (arrays).',
    width: 60,
  },
  {
    key: 'labels',
    header: 'Labels',
    aliases: ['label', 'tags'],
    help: 'key:value pairs, comma-separated (track, page and screen events).',
    width: 160,
  },
  {
    key: 'version',
    header: 'Version',
    aliases: ['event version'],
    help: 'The event version, a positive integer (default 1).',
    width: 70,
  },
  {
    key: 'jsonSchema',
    header: 'JSON Schema',
    aliases: ['json', 'schema', 'extra schema', 'json schema fragment'],
    help: 'Optional: a JSON object merged into the property’s schema (on an event row, the event’s), as a JSON Merge Patch: keys replace, null removes. Import from Segment keeps here what the other columns cannot hold.',
    width: 220,
  },
];

/** Each column's definition by its key. */
export const COLUMN_BY_KEY: ReadonlyMap<ColumnKey, ColumnDefinition> = new Map(COLUMNS.map((c) => [c.key, c]));

export const TRACKING_PLAN_SHEET = 'Tracking Plan';
export const SETTINGS_SHEET = 'Importer Settings';

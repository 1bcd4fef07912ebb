import { CellValue, cellText, containsEmoji, isBlank, MAX_CELL_CHARS, normalizeLabel, spreadsheetError } from './cell-values';
import { COLUMNS, ColumnKey, EVENT_TYPES, EventType, PROPERTY_TYPES, TRACKING_PLAN_SHEET } from './columns';
import { EnumValue, EventDefinition, JSON_TYPE_ORDER, JsonType, PropertyDefinition, TrackingPlan } from './model';
import { Problem, Severity, cellProblem, columnLetter, sheetProblem } from './problems';
import { isJsonObject, JsonObject, RESERVED_NAMES } from '../json/json';
import { schemaPatchProblems } from './schema-cell';
import { patternProblem } from './regex';

export type TargetApi = 'config' | 'public';

export interface ParseOptions {
  sheet?: string;
  /** The Config API has no page/screen rules; the Public API has. */
  api?: TargetApi;
}

export interface ParseResult {
  plan: TrackingPlan;
  problems: Problem[];
}

const HEADER_SEARCH_ROWS = 30;
const NAMED_TARGETS: ReadonlySet<EventType> = new Set<EventType>(['track', 'page', 'screen']);
const PROPERTY_LEVEL: readonly ColumnKey[] = ['propertyDescription', 'propertyType', 'required', 'allowedValues', 'pattern', 'min', 'max'];
const TRUE_WORDS = new Set(['true', 'yes', 'y', 'x', 'required', '1', '✓', '✔']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'optional', '0', '']);
// Unambiguous (\d+ then an optional fraction), so a long run of digits that fails to match fails in linear time.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

type ColumnMap = Partial<Record<ColumnKey, number>>;

/** A property while the sheet is being read: the definition plus where it came from. */
interface PropertyNode extends PropertyDefinition {
  properties: PropertyNode[];
  items?: PropertyNode;
  childIndex: Map<string, PropertyNode> | null;
  /** The row index (0-based) whose Property Name cell defines or first mentions it. */
  rowIndex: number;
}

interface EventNode extends EventDefinition {
  properties: PropertyNode[];
  childIndex: Map<string, PropertyNode> | null;
  rowIndex: number;
  /** Where each event-level value was set, to point at the first definition on a conflict. */
  setAt: Partial<Record<'description' | 'version' | 'schemaPatch', number>>;
  labelAt: Map<string, number>;
}

/**
 * Reads the Tracking Plan sheet (the 2-D array `Range.getValues()` returns) into a plan model.
 * Never throws on cell content: everything wrong is a Problem pointing at its cell.
 */
export function parseTrackingPlan(values: readonly (readonly CellValue[])[], options: ParseOptions = {}): ParseResult {
  return new PlanReader(values, options.sheet ?? TRACKING_PLAN_SHEET, options.api ?? 'config').read();
}

class PlanReader {
  private readonly problems: Problem[] = [];
  private readonly events: EventNode[] = [];
  private readonly eventIndex = new Map<string, EventNode>();
  private columns: ColumnMap = {};
  private readonly typeCache = new Map<string, ParsedType>();

  constructor(
    private readonly values: readonly (readonly CellValue[])[],
    private readonly sheet: string,
    private readonly api: TargetApi,
  ) {}

  read(): ParseResult {
    const headerRow = this.findHeader();
    if (headerRow !== null) {
      let current: EventNode | null = null;
      for (let r = headerRow + 1; r < this.values.length; r++) {
        current = this.readRow(r, current);
      }
      for (const event of this.events) event.properties.forEach((p) => this.checkNode(p));
      this.warnNearDuplicateEvents();
      this.warnMissingDescriptions();
    }
    this.problems.sort(byPosition);
    return { plan: { events: this.events.map(toEventDefinition) }, problems: this.problems };
  }

  // ---- header ---------------------------------------------------------------------------------

  private findHeader(): number | null {
    const r = headerRowIndex(this.values);
    if (r === null) {
      this.problems.push(
        sheetProblem(
          this.sheet,
          'error',
          `No header row found: none of the first ${HEADER_SEARCH_ROWS} rows has a cell reading "Event Name". The header row names the columns (Event Name, Property Name, Property Type, ...).`,
        ),
      );
      return null;
    }
    const columns: ColumnMap = {};
    this.values[r].forEach((value, c) => {
      const label = normalizeLabel(value);
      if (!label) return;
      const def = COLUMNS.find((d) => normalizeLabel(d.header) === label || d.aliases.includes(label));
      if (!def) return;
      if (columns[def.key] !== undefined) {
        this.add(
          r,
          c,
          'warning',
          `"${cellText(value).trim()}" repeats the ${def.header} column ${columnLetter(columns[def.key] as number)}; this column is ignored.`,
        );
        return;
      }
      columns[def.key] = c;
    });
    this.columns = columns;
    if (columns.propertyName === undefined) {
      this.problems.push(
        sheetProblem(
          this.sheet,
          'error',
          `The header row (row ${r + 1}) has no "Property Name" column. Add a column headed Property Name.`,
        ),
      );
      return null;
    }
    return r;
  }

  // ---- rows -----------------------------------------------------------------------------------

  private cell(r: number, key: ColumnKey): CellValue {
    const c = this.columns[key];
    return c === undefined ? '' : (this.values[r] ?? [])[c];
  }

  private text(r: number, key: ColumnKey): string {
    return cellText(this.cell(r, key));
  }

  private add(r: number, c: number, severity: Severity, message: string): void {
    this.problems.push(cellProblem(this.sheet, r, c, severity, message));
  }

  private addAt(r: number, key: ColumnKey, severity: Severity, message: string): void {
    const c = this.columns[key];
    if (c === undefined) this.problems.push({ ...cellProblem(this.sheet, r, 0, severity, message), column: null, cell: null });
    else this.add(r, c, severity, message);
  }

  /** Returns the event that following grouped rows belong to. */
  private readRow(r: number, current: EventNode | null): EventNode | null {
    let blank = true;
    let broken = false;
    for (const def of COLUMNS) {
      const value = this.cell(r, def.key);
      if (isBlank(value)) continue;
      blank = false;
      const error = spreadsheetError(value);
      if (error) {
        broken = true;
        this.addAt(r, def.key, 'error', `The cell shows the spreadsheet error ${error}. Fix the formula or type the value in.`);
      }
      const length = typeof value === 'string' ? value.length : 0;
      if (length > MAX_CELL_CHARS) {
        broken = true;
        this.addAt(
          r,
          def.key,
          'error',
          `The cell holds ${length.toLocaleString('en-US')} characters; a Google Sheets cell holds at most ${MAX_CELL_CHARS.toLocaleString('en-US')}. Shorten it.`,
        );
      }
    }
    if (blank) return current;
    if (broken) return current;

    const typeText = this.text(r, 'eventType').trim();
    let type: EventType | null = null;
    if (typeText) {
      const t = typeText.toLowerCase() === 'global' ? 'common' : typeText.toLowerCase();
      if ((EVENT_TYPES as readonly string[]).includes(t)) type = t as EventType;
      else {
        this.addAt(r, 'eventType', 'error', `Unknown Event Type "${typeText}". Use one of: ${EVENT_TYPES.join(', ')} (blank means track).`);
        type = 'track';
      }
    }
    if ((type === 'page' || type === 'screen') && this.api === 'config') {
      this.addAt(
        r,
        'eventType',
        'error',
        `${type} rules cannot be uploaded through the Config API (rs_ plan ids). Use a Public API plan (tp_ id) or make the row a track event.`,
      );
    }

    const eventName = this.name(r, 'eventName', 'Event Name');
    const propertyName = this.name(r, 'propertyName', 'Property Name');

    let target: EventNode | null;
    if (type === 'identify' || type === 'group' || type === 'common') {
      if (eventName) {
        this.addAt(
          r,
          'eventName',
          'error',
          `${type} rows take no Event Name: put ${type === 'common' ? 'the property' : 'each trait'} in Property Name, or change Event Type to track.`,
        );
      }
      target = this.event(type, '', r);
    } else if (eventName) {
      target = this.event(type ?? 'track', eventName, r);
    } else {
      target = current;
      if (!target) {
        if (!propertyName) {
          this.addAt(
            r,
            'eventName',
            'error',
            'This row has values but no Event Name or Property Name, so they belong to nothing. Fill in the Event Name (or Property Name), or clear the row.',
          );
          return current;
        }
        this.addAt(
          r,
          'propertyName',
          'error',
          `Property "${propertyName}" has no event: put an Event Name on this row or on a row above it.`,
        );
        // Still read the row into a throwaway event, so all its other problems show in this one pass.
        this.readProperty(r, this.detachedEvent(r), propertyName);
        return current;
      }
      if (type && type !== target.type) {
        this.addAt(
          r,
          'eventType',
          'error',
          `Event Type says ${type}, but this row has no Event Name and so belongs to ${describeTarget(target)} (row ${target.row}). Give the row its own Event Name, or fix the type.`,
        );
      }
    }

    this.readEventCells(r, target, propertyName === '');
    if (propertyName) {
      this.readProperty(r, target, propertyName);
    } else {
      for (const key of PROPERTY_LEVEL) {
        if (this.columns[key] === undefined || isBlank(this.cell(r, key))) continue;
        const header = COLUMNS.find((d) => d.key === key)?.header ?? key;
        this.addAt(
          r,
          key,
          'error',
          `${header} is filled in but the row has no Property Name, so it would be lost. Add the Property Name or clear the cell.`,
        );
      }
    }
    return target;
  }

  /** A name cell, trimmed; problems for line breaks, emoji and surrounding spaces. */
  private name(r: number, key: ColumnKey, header: string): string {
    const raw = this.text(r, key);
    const trimmed = raw.trim();
    if (!trimmed) return '';
    if (/[\r\n]/.test(trimmed)) {
      this.addAt(
        r,
        key,
        'error',
        `${header} "${trimmed
          .split(/\r\n|\r|\n/)
          .map((line) => line.trim())
          .join('⏎')}" contains a line break. Names must be on one line.`,
      );
    }
    if (containsEmoji(trimmed)) {
      this.addAt(r, key, 'error', `${header} "${trimmed}" contains an emoji, which Segment rejects in tracking plans. Remove it.`);
    }
    if (raw !== trimmed) {
      this.addAt(r, key, 'warning', `${header} "${trimmed}" has spaces around it; they are removed.`);
    }
    return trimmed;
  }

  private event(type: EventType, name: string, r: number): EventNode {
    const id = `${type}\u0000${name}`;
    let event = this.eventIndex.get(id);
    if (!event) {
      event = this.detachedEvent(r, type, name);
      this.eventIndex.set(id, event);
      this.events.push(event);
    }
    return event;
  }

  /** An event that is not part of the plan. */
  private detachedEvent(r: number, type: EventType = 'track', name = ''): EventNode {
    return {
      type,
      name,
      description: '',
      version: 1,
      labels: [],
      properties: [],
      row: r + 1,
      childIndex: new Map(),
      rowIndex: r,
      setAt: {},
      labelAt: new Map(),
    };
  }

  private readEventCells(r: number, event: EventNode, eventRow: boolean): void {
    if (eventRow) {
      const patch = this.schemaPatch(r);
      if (patch) {
        const at = event.setAt.schemaPatch;
        if (at === undefined) {
          event.schemaPatch = patch;
          event.setAt.schemaPatch = r;
        } else if (JSON.stringify(event.schemaPatch) !== JSON.stringify(patch)) {
          this.addAt(
            r,
            'jsonSchema',
            'error',
            `${describeTarget(event)} has another JSON Schema in row ${at + 1}. Keep one, or leave this cell blank.`,
          );
        }
      }
    }

    const description = this.text(r, 'eventDescription').trim();
    if (description) {
      this.checkText(r, 'eventDescription', 'Event Description', description);
      const at = event.setAt.description;
      if (at === undefined) {
        event.description = description;
        event.setAt.description = r;
      } else if (event.description !== description) {
        this.addAt(
          r,
          'eventDescription',
          'error',
          `${describeTarget(event)} is described twice differently: here and in row ${at + 1}. Keep one description, or leave this cell blank.`,
        );
      }
    }

    const versionValue = this.cell(r, 'version');
    if (!isBlank(versionValue)) {
      const versionText = cellText(versionValue).trim();
      const version = Number(versionText);
      if (!NAMED_TARGETS.has(event.type)) {
        this.addAt(r, 'version', 'error', `Version applies to track, page and screen events, not to ${event.type} rows. Clear the cell.`);
      } else if (!/^\+?\d+(\.0+)?$/.test(versionText) || !Number.isInteger(version) || version < 1) {
        this.addAt(r, 'version', 'error', `Version "${versionText}" is not a positive whole number. Use 1, 2, 3, ...`);
      } else {
        const at = event.setAt.version;
        if (at === undefined) {
          event.version = version;
          event.setAt.version = r;
        } else if (event.version !== version) {
          this.addAt(
            r,
            'version',
            'error',
            `${describeTarget(event)} has version ${version} here but ${event.version} in row ${at + 1}. An event has one version per plan.`,
          );
        }
      }
    }

    const labelsText = this.text(r, 'labels').trim();
    if (labelsText) {
      if (!NAMED_TARGETS.has(event.type)) {
        this.addAt(r, 'labels', 'error', `Labels apply to track, page and screen events, not to ${event.type} rows. Clear the cell.`);
        return;
      }
      this.checkText(r, 'labels', 'Labels', labelsText);
      for (const part of labelsText.split(/[,\n]/)) {
        const pair = part.trim();
        if (!pair) continue;
        const colon = pair.indexOf(':');
        const key = colon < 0 ? '' : pair.slice(0, colon).trim();
        const value = colon < 0 ? '' : pair.slice(colon + 1).trim();
        if (RESERVED_NAMES.has(key)) {
          this.addAt(
            r,
            'labels',
            'error',
            `Label "${pair}" uses "${key}", a name JavaScript gives every object, as its key. Rename the label.`,
          );
          continue;
        }
        if (!key || !value) {
          this.addAt(
            r,
            'labels',
            'error',
            `Label "${pair}" is not a key:value pair. Write labels as key:value, comma-separated (team:growth, priority:high).`,
          );
          continue;
        }
        const existing = event.labels.find(([k]) => k === key);
        if (!existing) {
          event.labels.push([key, value]);
          event.labelAt.set(key, r);
        } else if (existing[1] !== value) {
          this.addAt(
            r,
            'labels',
            'error',
            `Label ${key} is "${value}" here but "${existing[1]}" in row ${(event.labelAt.get(key) ?? r) + 1}. Give the label one value.`,
          );
        }
      }
    }
  }

  private checkText(r: number, key: ColumnKey, header: string, text: string): void {
    if (containsEmoji(text)) {
      this.addAt(r, key, 'error', `${header} contains an emoji, which Segment rejects in tracking plans. Remove it.`);
    }
  }

  // ---- properties -----------------------------------------------------------------------------

  private readProperty(r: number, event: EventNode, rawPath: string): void {
    const path = rawPath.includes('[]') ? rawPath.replace(/\[\]/g, '.$') : rawPath;
    const segments = path.split('.').map((s) => s.trim());
    if (segments.some((s) => s === '')) {
      this.addAt(
        r,
        'propertyName',
        'error',
        `Property Name "${rawPath}" has an empty part (two dots in a row, or a dot at either end). Write nested names as parent.child.`,
      );
      return;
    }
    const reserved = segments.find((s) => RESERVED_NAMES.has(s));
    if (reserved) {
      this.addAt(
        r,
        'propertyName',
        'error',
        `Property Name "${rawPath}" uses "${reserved}", a name JavaScript gives every object: validators and analytics libraries mishandle it. Rename the property.`,
      );
      return;
    }
    if (segments[0] === '$') {
      this.addAt(
        r,
        'propertyName',
        'error',
        `Property Name "${rawPath}" starts with $, but $ means "the items of the array before it". Name the array first: list.$`,
      );
      return;
    }
    const definition = this.readPropertyCells(r, segments);
    if (!definition) return;

    let siblings = event.properties;
    let owner: { childIndex: Map<string, PropertyNode> | null } = event;
    let parent = null as PropertyNode | null;
    for (let i = 0; i < segments.length; i++) {
      const key = segments[i];
      const isLast = i === segments.length - 1;
      let node: PropertyNode | undefined = key === '$' ? parent?.items : owner.childIndex?.get(key);
      if (!node) {
        node = isLast ? definition : this.implicitNode(r, key, segments.slice(0, i + 1).join('.'), segments[i + 1] === '$');
        if (key === '$') (parent as PropertyNode).items = node;
        else {
          siblings.push(node);
          (owner.childIndex ??= new Map()).set(key, node);
        }
      } else if (isLast) {
        this.mergeDefinition(r, node, definition);
      }
      parent = node;
      siblings = node.properties;
      owner = node;
    }
  }

  private implicitNode(r: number, key: string, path: string, isArray: boolean): PropertyNode {
    const shape = isArray ? 'array' : 'object';
    const message =
      key === '$'
        ? `"${path}" has no row of its own, so the items of "${path.slice(0, -2)}" are taken to be ${isArray ? 'arrays' : 'objects'}. Add a row for "${path}" to type them.`
        : `"${path}" has no row of its own, so it is taken to be an optional ${shape} with no description. Add a row for "${path}" to describe it.`;
    this.addAt(r, 'propertyName', 'warning', message);
    const node = propertyNode(key, path, r, true);
    node.types = [isArray ? 'array' : 'object'];
    return node;
  }

  private mergeDefinition(r: number, node: PropertyNode, definition: PropertyNode): void {
    if (node.implicit) {
      const { properties, items, childIndex } = node;
      Object.assign(node, definition, { key: node.key, path: node.path, properties, items, childIndex });
      return;
    }
    if (node.description && definition.description && node.description !== definition.description) {
      this.addAt(
        r,
        'propertyDescription',
        'error',
        `"${node.path}" is already defined in row ${node.row} with another description. Define each property once per event, or make the rows agree.`,
      );
      return;
    }
    if (propertySignature(node) !== propertySignature(definition)) {
      this.addAt(
        r,
        'propertyName',
        'error',
        `"${node.path}" is already defined in row ${node.row} differently (type, required, allowed values, pattern or min/max). Define each property once per event, or make the rows agree.`,
      );
      return;
    }
    if (!node.description) node.description = definition.description;
  }

  /** The cells of a property row, or null when a problem makes the row unusable. */
  private readPropertyCells(r: number, segments: string[]): PropertyNode | null {
    let ok = true;
    const path = segments.join('.');
    const description = this.text(r, 'propertyDescription').trim();
    if (description) this.checkText(r, 'propertyDescription', 'Property Description', description);

    // Types
    const typeText = this.text(r, 'propertyType').trim();
    const parsedType = this.propertyType(typeText);
    for (const token of parsedType.unknown) {
      this.addAt(
        r,
        'propertyType',
        'error',
        `Unknown Property Type "${token}". Use one of: ${PROPERTY_TYPES.join(', ')}; several comma-separated (string, null).`,
      );
      ok = false;
    }
    const typeList = parsedType.types;
    const format = parsedType.format;
    const types = new Set(typeList);

    // Required
    const requiredValue = this.cell(r, 'required');
    let required = false;
    if (typeof requiredValue === 'boolean') required = requiredValue;
    else {
      const word = cellText(requiredValue).trim().toLowerCase();
      if (TRUE_WORDS.has(word)) required = true;
      else if (!FALSE_WORDS.has(word)) {
        this.addAt(
          r,
          'required',
          'error',
          `Required "${cellText(requiredValue).trim()}" is not understood. Use TRUE or FALSE (a checkbox), yes/no, or leave it blank for optional.`,
        );
        ok = false;
      }
    }
    if (required && segments[segments.length - 1] === '$') {
      this.addAt(
        r,
        'required',
        'warning',
        `Required has no effect on array items ("${path}"). To require the array, mark the array's own row required.`,
      );
      required = false;
    }

    const node = propertyNode(segments[segments.length - 1], path, r, false);
    node.description = description;
    node.types = typeList;
    node.required = required;
    if (format) node.format = format;

    // Allowed values
    const enumText = this.text(r, 'allowedValues').trim();
    if (enumText) {
      const values = this.readEnum(r, enumText, typeList, path);
      if (values) node.enum = values;
      else ok = false;
    }

    // Pattern
    const pattern = this.text(r, 'pattern');
    if (pattern.trim()) {
      if (!types.has('string')) {
        this.addAt(
          r,
          'pattern',
          'error',
          `Pattern applies to strings, but "${path}" is typed ${typeLabel(typeList)}. Set Property Type to string, or clear the pattern.`,
        );
        ok = false;
      } else {
        const reason = patternProblem(pattern);
        if (reason) {
          this.addAt(r, 'pattern', 'error', `Pattern ${pattern} ${reason}. Rewrite it without that construct.`);
          ok = false;
        } else {
          node.pattern = pattern;
        }
      }
    }

    // Min / Max
    const bounds: Partial<Record<'min' | 'max', number>> = {};
    for (const key of ['min', 'max'] as const) {
      const value = this.cell(r, key);
      if (isBlank(value)) continue;
      const text = cellText(value).trim();
      const header = key === 'min' ? 'Min' : 'Max';
      if (!NUMBER.test(text)) {
        this.addAt(r, key, 'error', `${header} "${text}" is not a number.`);
        ok = false;
        continue;
      }
      const n = Number(text);
      const numeric = types.has('number') || types.has('integer');
      const counted = types.has('string') || types.has('array');
      if (!numeric && !counted) {
        this.addAt(
          r,
          key,
          'error',
          `${header} applies to numbers (value), strings (length) and arrays (item count), but "${path}" is typed ${typeLabel(typeList)}. Set the Property Type, or clear the cell.`,
        );
        ok = false;
        continue;
      }
      if (counted && !numeric && (!Number.isInteger(n) || n < 0)) {
        this.addAt(
          r,
          key,
          'error',
          `${header} ${text} is a ${types.has('string') ? 'length' : 'count of items'}, so it must be a whole number of 0 or more.`,
        );
        ok = false;
        continue;
      }
      if (counted && numeric && (!Number.isInteger(n) || n < 0)) {
        this.addAt(
          r,
          key,
          'error',
          `${header} ${text} would be both a value and a ${types.has('string') ? 'length' : 'count'} for "${path}" (typed ${typeLabel(typeList)}); a length or count must be a whole number of 0 or more. Split the types, or use a whole number.`,
        );
        ok = false;
        continue;
      }
      bounds[key] = n;
    }
    if (bounds.min !== undefined && bounds.max !== undefined && bounds.min > bounds.max) {
      this.addAt(r, 'max', 'error', `Max ${bounds.max} is less than Min ${bounds.min}, so no value could pass.`);
      ok = false;
    } else {
      if (bounds.min !== undefined) node.min = bounds.min;
      if (bounds.max !== undefined) node.max = bounds.max;
    }

    const patch = this.schemaPatch(r);
    if (patch === null && !isBlank(this.cell(r, 'jsonSchema'))) ok = false;
    if (patch) node.schemaPatch = patch;

    return ok ? node : null;
  }

  /** The JSON Schema cell of a row: a patch, null when blank or broken (a broken one is reported). */
  private schemaPatch(r: number): JsonObject | null {
    const text = this.text(r, 'jsonSchema').trim();
    if (!text) return null;
    if (containsEmoji(text)) {
      this.addAt(r, 'jsonSchema', 'error', 'JSON Schema contains an emoji, which Segment rejects in tracking plans. Remove it.');
      return null;
    }
    const parsed = parseSchemaPatch(text);
    if ('error' in parsed) {
      this.addAt(r, 'jsonSchema', 'error', `JSON Schema ${parsed.error}. It is merged into the schema the other columns build.`);
      return null;
    }
    const invalid = schemaPatchProblems(parsed.patch);
    if (invalid.length > 0) {
      this.addAt(
        r,
        'jsonSchema',
        'error',
        `JSON Schema is not valid draft-04: ${invalid.slice(0, 3).join('; ')}${invalid.length > 3 ? '; …' : ''}.`,
      );
      return null;
    }
    return parsed.patch;
  }

  private readEnum(r: number, text: string, types: JsonType[], path: string): EnumValue[] | null {
    if (types.length > 0 && !types.some((t) => t === 'string' || t === 'number' || t === 'integer' || t === 'boolean')) {
      this.addAt(
        r,
        'allowedValues',
        'error',
        `Allowed Values apply to strings, numbers, integers and booleans, but "${path}" is typed ${typeLabel(types)}. Clear the cell or change the type.`,
      );
      return null;
    }
    if (containsEmoji(text)) {
      this.addAt(r, 'allowedValues', 'error', 'Allowed Values contain an emoji, which Segment rejects in tracking plans. Remove it.');
      return null;
    }
    const parsed = parseAllowedValues(text, types);
    for (const bad of parsed.invalid) {
      this.addAt(
        r,
        'allowedValues',
        'error',
        `Allowed value "${bad}" is not ${typeLabel(types, 'a')}, the type of "${path}". Fix the value or the Property Type.`,
      );
    }
    for (const repeated of parsed.repeated) {
      this.addAt(r, 'allowedValues', 'warning', `Allowed value "${repeated}" is listed twice; it is kept once.`);
    }
    return parsed.invalid.length > 0 ? null : parsed.values;
  }

  /** Children need a parent that can hold them: an object for named keys, an array for `$`. */
  private checkNode(node: PropertyNode): void {
    for (const child of node.properties) {
      if (!node.implicit && !node.types.includes('object')) {
        const hint = node.types.includes('array') ? `; for the items of an array write ${node.path}.$.${child.key}` : '';
        this.addAt(
          child.rowIndex,
          'propertyName',
          'error',
          `"${child.path}" is nested under "${node.path}", which is typed ${typeLabel(node.types)} in row ${node.row}. Nested properties need a parent typed object${hint}.`,
        );
      }
      this.checkNode(child);
    }
    if (node.items) {
      if (!node.implicit && !node.types.includes('array')) {
        this.addAt(
          node.items.rowIndex,
          'propertyName',
          'error',
          `"${node.items.path}" describes array items, but "${node.path}" is typed ${typeLabel(node.types)} in row ${node.row}. Type "${node.path}" as array.`,
        );
      }
      this.checkNode(node.items);
    }
  }

  /** Type cells repeat the same few texts thousands of times: read each text once. */
  private propertyType(text: string): ParsedType {
    let parsed = this.typeCache.get(text);
    if (!parsed) {
      parsed = parsePropertyType(text);
      if (this.typeCache.size < 1000) this.typeCache.set(text, parsed);
    }
    return parsed;
  }

  // ---- plan-wide warnings ---------------------------------------------------------------------

  private warnNearDuplicateEvents(): void {
    const seen = new Map<string, EventNode>();
    for (const event of this.events) {
      if (!event.name) continue;
      const key = `${event.type}\u0000${event.name.toLowerCase().replace(/[\s_-]+/g, '')}`;
      const first = seen.get(key);
      if (!first) seen.set(key, event);
      else {
        this.addAt(
          event.rowIndex,
          'eventName',
          'warning',
          `Event "${event.name}" differs from "${first.name}" (row ${first.row}) only in case or spacing; Segment treats them as two events. Use one spelling if they are the same event.`,
        );
      }
    }
  }

  private warnMissingDescriptions(): void {
    for (const event of this.events) {
      if (!event.description && NAMED_TARGETS.has(event.type)) {
        this.addAt(
          event.rowIndex,
          this.columns.eventDescription === undefined ? 'eventName' : 'eventDescription',
          'warning',
          `Event "${event.name}" has no description. Say when it fires so developers implement it right.`,
        );
      }
      this.warnPropertyDescriptions(event.properties);
    }
  }

  private warnPropertyDescriptions(nodes: readonly PropertyNode[]): void {
    for (const node of nodes) {
      if (!node.implicit && !node.description && node.key !== '$') {
        this.addAt(
          node.rowIndex,
          this.columns.propertyDescription === undefined ? 'propertyName' : 'propertyDescription',
          'warning',
          `Property "${node.path}" has no description.`,
        );
      }
      this.warnPropertyDescriptions(node.properties);
      if (node.items) this.warnPropertyDescriptions([node.items]);
    }
  }
}

interface ParsedType {
  /** Empty means any type. */
  types: JsonType[];
  format: 'date-time' | undefined;
  /** Tokens that name no type, as typed. */
  unknown: string[];
}

function parsePropertyType(text: string): ParsedType {
  const types = new Set<JsonType>();
  const unknown: string[] = [];
  let format: 'date-time' | undefined;
  let anyType = text.trim() === '';
  for (const raw of text.split(',')) {
    const token = raw.trim().toLowerCase().replace(/\s+/g, ' ');
    if (!token) continue;
    if (token === 'any') anyType = true;
    else if (token === 'date-time' || token === 'date time' || token === 'datetime' || token === 'date') {
      types.add('string');
      format = 'date-time';
    } else if ((JSON_TYPE_ORDER as readonly string[]).includes(token)) types.add(token as JsonType);
    else unknown.push(raw.trim());
  }
  if (anyType) return { types: [], format: undefined, unknown };
  return { types: JSON_TYPE_ORDER.filter((t) => types.has(t)), format, unknown };
}

/** Every node gets every field, so the engine sees one object shape (it matters at 100,000 rows). */
function propertyNode(key: string, path: string, r: number, implicit: boolean): PropertyNode {
  return {
    key,
    path,
    description: '',
    types: [],
    format: undefined,
    required: false,
    enum: undefined,
    pattern: undefined,
    min: undefined,
    max: undefined,
    schemaPatch: undefined,
    properties: [],
    items: undefined,
    childIndex: null,
    implicit,
    row: r + 1,
    rowIndex: r,
  };
}

/** The header row: the first of the first 30 rows with a cell reading "Event Name". */
function headerRowIndex(values: readonly (readonly CellValue[])[]): number | null {
  const limit = Math.min(HEADER_SEARCH_ROWS, values.length);
  for (let r = 0; r < limit; r++) {
    if ((values[r] ?? []).some((v) => normalizeLabel(v) === 'event name')) return r;
  }
  return null;
}

/** Whether a sheet holds anything under its header (or anything at all, without one): imports never write over it. */
export function hasPlanRows(values: readonly (readonly CellValue[])[]): boolean {
  const header = headerRowIndex(values);
  return values.slice(header === null ? 0 : header + 1).some((row) => row.some((v) => !isBlank(v)));
}

/**
 * An Allowed Values cell read for a property of the given types: comma-separated, or one value per line
 * when the cell has line breaks; values converted to the type; null added for nullable types.
 */
export function parseAllowedValues(
  text: string,
  types: readonly JsonType[],
): { values: EnumValue[]; invalid: string[]; repeated: string[] } {
  const parts = (/[\r\n]/.test(text) ? text.split(/\r?\n|\r/) : text.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  const values: EnumValue[] = [];
  const invalid: string[] = [];
  const repeated: string[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    const value = convertEnumValue(part, types);
    if (value === undefined) {
      invalid.push(part);
      continue;
    }
    const id = JSON.stringify(value);
    if (seen.has(id)) {
      repeated.push(part);
      continue;
    }
    seen.add(id);
    values.push(value);
  }
  if (types.includes('null') && !seen.has('null')) values.push(null);
  return { values, invalid, repeated };
}

/** A JSON Schema cell: a JSON object, or the reason it is not one. */
function parseSchemaPatch(text: string): { patch: JsonObject } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: `is not valid JSON (${(e as Error).message})` };
  }
  if (!isJsonObject(value)) return { error: 'must be a JSON object, such as {"format": "email"}' };
  return { patch: value };
}

function convertEnumValue(text: string, types: readonly JsonType[]): EnumValue | undefined {
  if (types.length === 0) return text;
  if (types.includes('null') && text.toLowerCase() === 'null') return null;
  if (types.includes('integer') && NUMBER.test(text) && Number.isInteger(Number(text))) return Number(text);
  if (types.includes('number') && NUMBER.test(text)) return Number(text);
  if (types.includes('boolean')) {
    const word = text.toLowerCase();
    if (word === 'true') return true;
    if (word === 'false') return false;
  }
  if (types.includes('string')) return text;
  return undefined;
}

function typeLabel(types: readonly JsonType[], article?: 'a'): string {
  if (types.length === 0) return article ? 'of any type' : 'any';
  const joined = types.join(' or ');
  if (!article) return joined;
  return `${/^[aeiou]/.test(joined) ? 'an' : 'a'} ${joined}`;
}

function propertySignature(p: PropertyDefinition): string {
  return JSON.stringify([
    p.types,
    p.format ?? null,
    p.required,
    p.enum ?? null,
    p.pattern ?? null,
    p.min ?? null,
    p.max ?? null,
    p.schemaPatch ?? null,
  ]);
}

function describeTarget(event: EventDefinition): string {
  return event.name ? `Event "${event.name}"` : `the ${event.type} rules`;
}

function byPosition(a: Problem, b: Problem): number {
  if (a.row === null || b.row === null) return (a.row === null ? 0 : 1) - (b.row === null ? 0 : 1);
  if (a.row !== b.row) return a.row - b.row;
  const ac = a.column ?? '';
  const bc = b.column ?? '';
  return ac.length - bc.length || (ac < bc ? -1 : ac > bc ? 1 : 0);
}

function toEventDefinition(e: EventNode): EventDefinition {
  return {
    type: e.type,
    name: e.name,
    description: e.description,
    version: e.version,
    labels: e.labels,
    properties: e.properties.map(toPropertyDefinition),
    row: e.row,
    ...(e.schemaPatch ? { schemaPatch: e.schemaPatch } : {}),
  };
}

function toPropertyDefinition(p: PropertyNode): PropertyDefinition {
  const out: PropertyDefinition = {
    key: p.key,
    path: p.path,
    description: p.description,
    types: p.types,
    required: p.required,
    properties: p.properties.map(toPropertyDefinition),
    implicit: p.implicit,
    row: p.row,
  };
  if (p.format) out.format = p.format;
  if (p.enum) out.enum = p.enum;
  if (p.pattern !== undefined) out.pattern = p.pattern;
  if (p.min !== undefined) out.min = p.min;
  if (p.max !== undefined) out.max = p.max;
  if (p.items) out.items = toPropertyDefinition(p.items);
  if (p.schemaPatch) out.schemaPatch = p.schemaPatch;
  return out;
}

/** What `Range.getValues()` hands back for one cell (and what the CLI readers produce). */
export type CellValue = string | number | boolean | Date | null | undefined;

/** The errors Sheets shows in a cell; getValues() returns them as these strings. */
const SPREADSHEET_ERRORS = new Set(['#REF!', '#N/A', '#VALUE!', '#NAME?', '#DIV/0!', '#NUM!', '#NULL!', '#ERROR!', '#SPILL!', '#CALC!']);

export function spreadsheetError(value: CellValue): string | null {
  // Every error starts with "#": the common cell is let go without trimming or upper-casing a copy of it.
  if (typeof value !== 'string' || !value.includes('#')) return null;
  const v = value.trim().toUpperCase();
  return SPREADSHEET_ERRORS.has(v) ? v : null;
}

/** The cell as text, the way an analyst reads it. Dates become ISO dates so they survive a round trip. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date || isDateLike(value)) {
    const d = value;
    return Number.isNaN(d.getTime()) ? '' : d.toISOString();
  }
  return String(value);
}

/** Dates from another realm (Apps Script fakes in a vm context) fail `instanceof Date`. */
export function isDateLike(value: unknown): boolean {
  return Object.prototype.toString.call(value) === '[object Date]';
}

export function isBlank(value: CellValue): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (typeof value === 'string') return value.trim() === '';
  return cellText(value) === '';
}

/** Header and label matching: case-insensitive, spaces collapsed, a trailing `?`, `:` or `...` ignored. */
export function normalizeLabel(value: CellValue): string {
  const text = cellText(value).trim().toLowerCase().replace(/\s+/g, ' ');
  // A loop, not /(\?|:|\.\.\.|…)+$/: that regex takes quadratic time on a long run of "?" inside a cell.
  let end = text.length;
  for (;;) {
    if (text[end - 1] === '?' || text[end - 1] === ':' || text[end - 1] === '…') end--;
    else if (text.endsWith('...', end)) end -= 3;
    else break;
  }
  return text.slice(0, end).trim();
}

/** Sheets holds at most this many characters in a cell. */
export const MAX_CELL_CHARS = 50_000;

// Segment rejects emoji in tracking plan schemas. ©, ® and ™ are pictographic by Unicode's
// reckoning but are ordinary text to Segment and to analysts.
const EMOJI = /(?![\u00A9\u00AE\u2122])\p{Extended_Pictographic}|\p{Regional_Indicator}|\uFE0F/u;

/** A character outside ASCII: a text without one holds no emoji, invisible or look-alike letter (checked cheaply). */
const NON_ASCII = /[^\x00-\x7f]/;

export function containsEmoji(text: string): boolean {
  return NON_ASCII.test(text) && EMOJI.test(text);
}

/**
 * A header as a key to match on, whatever the tool that wrote it: case, apostrophes and punctuation dropped,
 * words kept (`Req'd` → `reqd`, `Required (Y/N)` → `required y n`, `property_type` → `property type`).
 */
export function headerKey(value: CellValue): string {
  return normalizeLabel(value)
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Characters that look like nothing, or like a plain space, in a name. */
const INVISIBLE = /[\p{Cf}\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\u034F\u115F\u1160\u3164\uFFA0]/u;

const INVISIBLE_NAMES: Readonly<Record<number, string>> = {
  0x00a0: 'a non-breaking space',
  0x00ad: 'a soft hyphen',
  0x200b: 'a zero-width space',
  0x200c: 'a zero-width non-joiner',
  0x200d: 'a zero-width joiner',
  0x200e: 'a left-to-right mark',
  0x200f: 'a right-to-left mark',
  0x2060: 'a word joiner',
  0xfeff: 'a zero-width no-break space (byte order mark)',
};

/**
 * The first character of a name that shows as nothing or as an ordinary space, described, or null. The SDK sends
 * the name as typed in code, so Segment would never match a name holding one.
 */
export function invisibleCharacter(text: string): string | null {
  if (!NON_ASCII.test(text)) return null;
  const m = INVISIBLE.exec(text);
  if (!m) return null;
  const code = m[0].codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return `${INVISIBLE_NAMES[code] ?? 'an invisible character'} (U+${hex}) at character ${m.index + 1}`;
}

/** Cyrillic and Greek letters drawn like a Latin letter: the ones a keyboard layout switch or a paste brings in. */
const LOOKALIKES: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'B',
  е: 'e',
  к: 'k',
  м: 'M',
  н: 'H',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 'T',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ј: 'j',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  Ѕ: 'S',
  І: 'I',
  Ј: 'J',
  α: 'a',
  ο: 'o',
  ρ: 'p',
  ν: 'v',
  ι: 'i',
  κ: 'k',
  τ: 't',
  υ: 'u',
  χ: 'x',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};

/** The Greek and Cyrillic blocks, where every look-alike above is. */
const GREEK_OR_CYRILLIC = /[\u0370-\u04ff]/;

/**
 * The first Cyrillic or Greek letter drawn like a Latin one in a name that is otherwise Latin, described, or null.
 * A name wholly in another script is left alone: only a mix is a mistake nobody can see.
 */
export function confusableCharacter(text: string): string | null {
  if (!GREEK_OR_CYRILLIC.test(text) || !/\p{Script=Latin}/u.test(text)) return null;
  const chars = Array.from(text);
  const index = chars.findIndex((c) => LOOKALIKES[c] !== undefined);
  if (index < 0) return null;
  const c = chars[index] ?? '';
  const script = /\p{Script=Greek}/u.test(c) ? 'Greek' : 'Cyrillic';
  const hex = (c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return `the ${script} letter "${c}" (U+${hex}) at character ${index + 1}, which looks like the Latin "${LOOKALIKES[c] ?? ''}"`;
}

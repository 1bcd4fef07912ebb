/**
 * The one `date-time` check behind `check`, in the schema walker and in ajv alike (ajv's own is replaced by this),
 * so a value passes or fails the same whichever validates its rule. It reads RFC 3339 as ajv-formats' full mode
 * does: `T`, `t` or a space between date and time, the calendar checked (February 30 is no date), an offset of
 * `Z`, `+01:00`, `+0100` or `+01`, and a leap second only where it falls at 23:59:60 UTC.
 */

const DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const TIME = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)$/i;
const SEPARATOR = /t|\s/i;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : (DAYS[month] ?? 0));
}

function isTime(text: string): boolean {
  const m = TIME.exec(text);
  if (!m) return false;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = Number(m[3]);
  const sign = m[5] === '-' ? -1 : 1;
  const offsetHours = Number(m[6] ?? 0);
  const offsetMinutes = Number(m[7] ?? 0);
  if (offsetHours > 23 || offsetMinutes > 59) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  // A leap second: 23:59:60 once the offset is taken away.
  const utcMinute = minute - offsetMinutes * sign;
  const utcHour = hour - offsetHours * sign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second < 61;
}

/** Whether the text is an RFC 3339 date-time, as ajv-formats' full mode reads it. */
export function isDateTime(text: string): boolean {
  const [date = '', time = '', ...more] = text.split(SEPARATOR);
  return more.length === 0 && isDate(date) && isTime(time);
}

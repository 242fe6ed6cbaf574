import { DateTime } from "luxon";

/** A calendar day, as written in a file name or front matter. */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

export function isValidDay({ year, month, day }: CalendarDay): boolean {
  return DateTime.utc(year, month, day).isValid;
}

// The forms Jekyll posts use: `2024-1-31`, `2024-01-31 10:00`, `2024-01-31 10:00:00 -0300`,
// `2019-09-29T11:00:00.000+00:00`, `2024-01-31T10:00:00Z`.
const DATE_PATTERN =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads a front-matter date. Without an offset, the time is a wall-clock time in the site's zone
 * (as Jekyll reads it), not UTC (as YAML's timestamp type would).
 */
export function parseDateValue(value: string, zone: string): Date | undefined {
  const m = DATE_PATTERN.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", offset] = m;
  const parts = {
    year: Number(y), month: Number(mo), day: Number(d),
    hour: Number(h), minute: Number(mi), second: Number(s),
    millisecond: frac ? Math.round(Number(frac) * 1000) : 0,
  };
  const dt = offset
    ? DateTime.fromObject(parts, { zone: offset === "Z" ? "UTC" : `UTC${offset.slice(0, 3)}:${offset.slice(-2)}` })
    : DateTime.fromObject(parts, { zone });
  // Luxon rejects 2022-02-30 instead of rolling over to March, which is what we want.
  return dt.isValid ? dt.toJSDate() : undefined;
}

/** `2024-01-31`, for `<time datetime>`. */
export function isoDay({ year, month, day }: CalendarDay): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Midnight of a calendar day in the site's zone. */
export function startOfDay(day: CalendarDay, zone: string): Date {
  return DateTime.fromObject(day, { zone }).toJSDate();
}

/** Formats dates the way the site shows them, in its zone, whatever the machine's TZ is. */
export function createDateFormat(zone: string, lang: string) {
  const long = new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric", timeZone: zone });
  return {
    /** `31 de janeiro de 2024` */
    long: (date: Date) => long.format(date),
    /** The calendar day in the site's zone. */
    day: (date: Date): CalendarDay => {
      const dt = DateTime.fromJSDate(date, { zone });
      return { year: dt.year, month: dt.month, day: dt.day };
    },
  };
}
export type DateFormat = ReturnType<typeof createDateFormat>;

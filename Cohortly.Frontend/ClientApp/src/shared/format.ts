/**
 * Formatting of API values for people: dates (the API speaks ISO-8601 UTC, people read their local
 * time), money (integer minor units + ISO currency) and comma-separated lists.
 */

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "Mar 3, 2026, 9:00 AM" in the reader's time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  const date = parse(iso);
  return date ? dateTimeFormat.format(date) : '—';
}

/** "Mar 3, 2026". */
export function formatDate(iso: string | null | undefined): string {
  const date = parse(iso);
  return date ? dateFormat.format(date) : '—';
}

/** "Mar 3 – Apr 30, 2026". */
export function formatDateRange(startIso: string, endIso: string): string {
  const start = parse(startIso);
  const end = parse(endIso);
  if (!start || !end) return `${formatDate(startIso)} – ${formatDate(endIso)}`;
  return dateFormat.formatRange(start, end);
}

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const relativeUnits: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "in 3 days", "2 hours ago", "now". */
export function formatRelative(iso: string | null | undefined, now: number = Date.now()): string {
  const date = parse(iso);
  if (!date) return '';
  const seconds = Math.round((date.getTime() - now) / 1000);
  for (const [unit, size] of relativeUnits) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return relativeFormat.format(0, 'minute');
}

export function isPast(iso: string | null | undefined, now: number = Date.now()): boolean {
  const date = parse(iso);
  return date !== null && date.getTime() < now;
}

/** The reader's time zone name, for hints next to date inputs ("Europe/Berlin"). */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'your local time';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO → the value of an `<input type="datetime-local">` ("2026-03-03T09:00", local time). */
export function toLocalInput(iso: string | null | undefined): string {
  const date = parse(iso);
  if (!date) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (local time, no zone) → ISO-8601 UTC, or null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  // Without an offset, Date reads "YYYY-MM-DDTHH:mm" as local time.
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Digits after the decimal point of a currency (USD 2, JPY 0, BHD 3). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** 129900 USD → "$1,299.00"; 0 → "Free". */
export function formatPrice(priceMinor: number, currency: string): string {
  if (!priceMinor) return 'Free';
  const digits = currencyDigits(currency);
  const major = priceMinor / 10 ** digits;
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, minimumFractionDigits: digits }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${currency}`;
  }
}

/**
 * "1299.5" in major units → 129950 minor units; null when it is not a number, negative, or has more
 * decimals than the currency has minor digits. Accepts a comma as the decimal mark ("12,50").
 */
export function toMinorUnits(major: string, currency: string): number | null {
  const text = major.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const digits = currencyDigits(currency);
  const [whole, fraction = ''] = text.split('.');
  if (fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** 129950 minor units → "1299.50" for a price input. */
export function fromMinorUnits(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/** "a, b ,, c" → ["a", "b", "c"] (empty entries dropped, duplicates kept out). */
export function parseList(text: string): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item && !seen.has(item.toLowerCase())) {
      seen.add(item.toLowerCase());
      result.push(item);
    }
  }
  return result;
}

/** 12.5 → "12.5", 12 → "12" (no trailing zeros). */
export function formatNumber(value: number, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(undefined, { maximumFractionDigits }).format(value);
}

/** "1 seat" / "3 seats". */
export function plural(count: number, one: string, many: string = `${one}s`): string {
  return `${formatNumber(count, 0)} ${count === 1 ? one : many}`;
}

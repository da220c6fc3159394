/** Values as a message shows them, in the recipient's language. */

/** A short, stable reference for a ticket (tickets have no number): `T-` and the first 6 hex digits of its id. */
export function ticketNumber(ticketId: string): string {
  return `T-${ticketId.replace(/-/g, '').slice(0, 6).toUpperCase()}`;
}

/** An amount in minor units as money: `$1,500.00` in English, `1 500,00 $` in Russian. */
export function formatMoney(amountMinor: number, currency: string, language: string): string {
  try {
    const format = new Intl.NumberFormat(locale(language), { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(amountMinor / 10 ** digits);
  } catch {
    return `${(amountMinor / 100).toFixed(2)} ${currency}`;
  }
}

function locale(language: string): string {
  try {
    return Intl.NumberFormat.supportedLocalesOf([language]).length > 0 ? language : 'en';
  } catch {
    return 'en';
  }
}

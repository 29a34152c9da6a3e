const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const usd = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });
const usdPrecise = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });
const usdTiny = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

export const formatInteger = (n: number) => integer.format(n);
export const formatCompact = (n: number) => (Math.abs(n) < 10_000 ? integer.format(n) : compact.format(n));
/**
 * Cents matter for small amounts: below a dollar, up to four decimals; below a hundredth of a cent (one
 * small request on a cheap model) two significant digits, so a cost never reads as $0.00 when it is not.
 */
export function formatUsd(n: number): string {
  const size = Math.abs(n);
  if (n === 0 || size >= 1) return usd.format(n);
  return size < 0.0001 ? usdTiny.format(n) : usdPrecise.format(n);
}
export const formatPercent = (ratio: number | null) => (ratio === null ? '—' : percent.format(ratio));
export const formatMs = (ms: number | null) => (ms === null ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

/** request_logs.cost_usd is numeric(18, 10). */
const SCALE = 10;
const MAX_UNITS = 10n ** 18n;
const JS_NUMBER = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;
/** The usual case (at most 10 decimals, no exponent), written without rounding or BigInt. */
const SHORT_DECIMAL = /^(\d{1,8})(?:\.(\d{1,10}))?$/;

/**
 * A cost as the exact numeric(18, 10) text Postgres stores for it: the number's JavaScript text (what
 * node-postgres sends) rounded half away from zero to 10 decimals, as Postgres rounds on input. Writing
 * this text stores it unchanged, so rollups summed from it match the stored rows to the last digit.
 * Null when the value does not fit numeric(18, 10) (or is not a finite non-negative number).
 */
export function costDecimal(cost: number): string | null {
  const written = String(cost);
  const short = SHORT_DECIMAL.exec(written);
  if (short) return `${short[1]}.${(short[2] ?? '').padEnd(SCALE, '0')}`;
  const match = JS_NUMBER.exec(written);
  if (!match) return null;
  const [, whole, fraction = '', exponent = '0'] = match;
  const digits = BigInt(whole + fraction);
  const shift = Number(exponent) - fraction.length + SCALE;
  let units: bigint;
  if (shift >= 0) {
    units = digits * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    units = digits / divisor;
    if ((digits % divisor) * 2n >= divisor) units += 1n;
  }
  if (units >= MAX_UNITS) return null;
  const text = units.toString().padStart(SCALE + 1, '0');
  return `${text.slice(0, -SCALE)}.${text.slice(-SCALE)}`;
}

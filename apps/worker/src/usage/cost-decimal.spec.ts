import { costDecimal } from './cost-decimal';

describe('costDecimal', () => {
  it('writes plain decimals at scale 10', () => {
    expect(costDecimal(0)).toBe('0.0000000000');
    expect(costDecimal(0.00012)).toBe('0.0001200000');
    expect(costDecimal(12.5)).toBe('12.5000000000');
    expect(costDecimal(99_999_999.99999999)).toBe('99999999.9999999900');
    expect(costDecimal(99_999_999.25)).toBe('99999999.2500000000');
  });

  it('rounds the number as written half away from zero, like numeric input', () => {
    expect(costDecimal(0.00000000005)).toBe('0.0000000001');
    expect(costDecimal(0.000000000049)).toBe('0.0000000000');
    expect(costDecimal(1.23456789015)).toBe('1.2345678902');
    expect(costDecimal(0.1234567890499)).toBe('0.1234567890');
  });

  it('reads exponent notation', () => {
    expect(String(1e-7)).toBe('1e-7');
    expect(costDecimal(1e-7)).toBe('0.0000001000');
    expect(costDecimal(1.5e-10)).toBe('0.0000000002');
    expect(costDecimal(5e-324)).toBe('0.0000000000');
    expect(costDecimal(1e21)).toBe(null);
  });

  it('refuses what numeric(18, 10) cannot hold or a number that is not one', () => {
    expect(costDecimal(100_000_000)).toBe(null);
    expect(costDecimal(Number.NaN)).toBe(null);
    expect(costDecimal(Number.POSITIVE_INFINITY)).toBe(null);
    expect(costDecimal(-1)).toBe(null);
  });
});

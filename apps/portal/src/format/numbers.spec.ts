import { formatUsd } from './numbers';

// Node's default locale here is en-US (as in CI); the portal formats in the browser's own locale.
describe('formatUsd', () => {
  it('shows whole cents from a dollar up, and zero as $0.00', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(1)).toBe('$1.00');
    expect(formatUsd(1234.567)).toBe('$1,234.57');
  });

  it('shows up to four decimals below a dollar', () => {
    expect(formatUsd(0.5)).toBe('$0.50');
    expect(formatUsd(0.01234)).toBe('$0.0123');
    expect(formatUsd(0.0001)).toBe('$0.0001');
  });

  it('never shows a cost below a hundredth of a cent as $0.00', () => {
    // gpt-4o-mini, 9 prompt and 10 completion tokens at $0.15 / $0.60 per million
    expect(formatUsd(0.00000735)).toBe('$0.0000074');
    expect(formatUsd(0.00004)).toBe('$0.00004');
    expect(formatUsd(-0.00000735)).toBe('-$0.0000074');
  });
});

import { formatCompact } from '../../format/numbers';

const price = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 3 });

export const formatPricePer1M = (usd: number | null) => (usd === null ? '—' : `${price.format(usd)} / 1M`);
export const formatContext = (tokens: number) => `${formatCompact(tokens)} tokens`;
export const capabilityLabel = (c: string) => (c === 'json_mode' ? 'JSON mode' : c === 'fim' ? 'fill-in-the-middle' : c);

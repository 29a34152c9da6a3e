import { Problem } from '../errors/problem';
import type { AnalyticsFilters, AnalyticsGrain } from './analytics.dto';

const GRAIN_MS: Record<AnalyticsGrain, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** More points than this per series is refused (ask for a coarser grain). */
export const MAX_POINTS = 2000;
export const MAX_RANGE_MS = 400 * DAY;

export interface AnalyticsRange {
  /** Start of the first bucket (from truncated to the grain, UTC). */
  from: Date;
  /** Exclusive end. */
  to: Date;
  grain: AnalyticsGrain;
}

/** The grain for a range: minute up to 6 h, hour up to 14 days, day beyond. */
export function autoGrain(rangeMs: number): AnalyticsGrain {
  if (rangeMs <= 6 * HOUR) return 'minute';
  if (rangeMs <= 14 * DAY) return 'hour';
  return 'day';
}

/**
 * The grain for totals (summary, breakdown): the coarsest whose buckets both ends of the range fall
 * on (fewest rows, exact), else the series grain, the range then widened to whole buckets.
 */
export function totalsGrain(from: Date, to: Date): AnalyticsGrain {
  for (const grain of ['day', 'hour'] as const) {
    if (from.getTime() % GRAIN_MS[grain] === 0 && to.getTime() % GRAIN_MS[grain] === 0) return grain;
  }
  return autoGrain(to.getTime() - from.getTime());
}

export function truncateToGrain(time: Date, grain: AnalyticsGrain): Date {
  const ms = GRAIN_MS[grain];
  return new Date(Math.floor(time.getTime() / ms) * ms);
}

/** `forTotals`: pick the grain with `totalsGrain` instead of `autoGrain` when none is given. */
export function resolveRange(filters: Pick<AnalyticsFilters, 'from' | 'to' | 'grain'>, options: { forTotals?: boolean; now?: Date } = {}): AnalyticsRange {
  const now = options.now ?? new Date();
  const to = filters.to ? new Date(filters.to) : now;
  const rawFrom = filters.from ? new Date(filters.from) : new Date(to.getTime() - DAY);
  const rangeMs = to.getTime() - rawFrom.getTime();
  if (rangeMs <= 0) throw new Problem(400, 'validation-failed', '`from` must be before `to`.', [{ path: 'from', message: 'must be before to' }]);
  if (rangeMs > MAX_RANGE_MS) throw new Problem(400, 'validation-failed', 'The range may span at most 400 days.', [{ path: 'from', message: 'range longer than 400 days' }]);
  const grain = filters.grain ?? (options.forTotals ? totalsGrain(rawFrom, to) : autoGrain(rangeMs));
  const from = truncateToGrain(rawFrom, grain);
  if (!options.forTotals && bucketCount({ from, to, grain }) > MAX_POINTS) {
    throw new Problem(400, 'validation-failed', `A ${grain} grain over this range gives more than ${MAX_POINTS} points; choose a coarser grain.`, [{ path: 'grain', message: 'too many points' }]);
  }
  return { from, to, grain };
}

export function bucketCount(range: AnalyticsRange): number {
  return Math.ceil((range.to.getTime() - range.from.getTime()) / GRAIN_MS[range.grain]);
}

/** Every bucket start of the range, oldest first. */
export function bucketStarts(range: AnalyticsRange): Date[] {
  const step = GRAIN_MS[range.grain];
  const starts: Date[] = [];
  for (let t = range.from.getTime(); t < range.to.getTime(); t += step) starts.push(new Date(t));
  return starts;
}

/** A part of a range read at one grain: `bucket_start` in [from, to) at `grain`. */
export interface RangeSegment {
  grain: AnalyticsGrain;
  from: Date;
  to: Date;
}

const COARSER_FIRST: readonly AnalyticsGrain[] = ['day', 'hour', 'minute'];

/**
 * The same buckets as `range` (every `range.grain` bucket starting before `range.to`), read with as
 * few rollup rows as possible: whole UTC days in the middle at day grain, whole hours around them at
 * hour grain, the rest at the range's own grain. The worker writes all three grains from the same
 * events, so the sums are identical; only for totals (a time series needs its own grain).
 */
export function totalsSegments(range: AnalyticsRange): RangeSegment[] {
  const step = GRAIN_MS[range.grain];
  const end = new Date(Math.ceil(range.to.getTime() / step) * step);
  const grains = COARSER_FIRST.slice(0, COARSER_FIRST.indexOf(range.grain) + 1);
  const segments: RangeSegment[] = [];
  const split = (from: number, to: number, level: number): void => {
    if (from >= to) return;
    const grain = grains[level];
    if (grain === range.grain) {
      segments.push({ grain, from: new Date(from), to: new Date(to) });
      return;
    }
    const ms = GRAIN_MS[grain];
    const wholeFrom = Math.ceil(from / ms) * ms;
    const wholeTo = Math.floor(to / ms) * ms;
    if (wholeFrom >= wholeTo) return split(from, to, level + 1);
    split(from, wholeFrom, level + 1);
    segments.push({ grain, from: new Date(wholeFrom), to: new Date(wholeTo) });
    split(wholeTo, to, level + 1);
  };
  split(range.from.getTime(), end.getTime(), 0);
  return segments;
}

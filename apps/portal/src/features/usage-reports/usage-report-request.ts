import { USAGE_REPORT_GROUP_BY, USAGE_REPORT_PERIODS } from '@sluice/contracts';

export type UsageReportGroupBy = (typeof USAGE_REPORT_GROUP_BY)[number];
export type UsageReportPeriod = (typeof USAGE_REPORT_PERIODS)[number];

export interface UsageReportRequest {
  from: string;
  to: string;
  groupBy: UsageReportGroupBy;
  period: UsageReportPeriod;
}

const DAY_MS = 86_400_000;

/**
 * The admin API's body for a report from the form's dates (`YYYY-MM-DD`, both inclusive for
 * people; the API's `to` is the exclusive midnight after the last day), or what is wrong with them.
 */
export function usageReportRequestOf(input: { firstDay: string; lastDay: string; groupBy: string; period: string }): { request: UsageReportRequest } | { error: string } {
  const first = Date.parse(`${input.firstDay}T00:00:00Z`);
  const last = Date.parse(`${input.lastDay}T00:00:00Z`);
  if (!Number.isFinite(first) || !Number.isFinite(last)) return { error: 'Choose a first and a last day.' };
  if (last < first) return { error: 'The last day must not be before the first day.' };
  if (last - first + DAY_MS > 400 * DAY_MS) return { error: 'A report covers at most 400 days.' };
  if (!(USAGE_REPORT_GROUP_BY as readonly string[]).includes(input.groupBy)) return { error: 'Choose how to group the report.' };
  if (!(USAGE_REPORT_PERIODS as readonly string[]).includes(input.period)) return { error: 'Choose one row per day or per month.' };
  return {
    request: {
      from: new Date(first).toISOString().replace('.000Z', 'Z'),
      to: new Date(last + DAY_MS).toISOString().replace('.000Z', 'Z'),
      groupBy: input.groupBy as UsageReportGroupBy,
      period: input.period as UsageReportPeriod,
    },
  };
}

/** The first and last day of the previous calendar month (UTC), the usual chargeback period. */
export function previousMonth(now = new Date()): { firstDay: string; lastDay: string } {
  const firstOfThis = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const firstOfPrevious = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { firstDay: day(firstOfPrevious), lastDay: day(firstOfThis - DAY_MS) };
}

import type { BudgetPeriod } from '@sluice/contracts';

const DAY = 86_400_000;

/** The current period's id, start and end (UTC) for a budget period; `total` never resets. */
export function budgetPeriodAt(period: BudgetPeriod, now: Date): { id: string; startsAt: Date | null; endsAt: Date | null } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const d = now.getUTCDate();
  switch (period) {
    case 'daily':
      return { id: `d${y}-${pad(m + 1)}-${pad(d)}`, startsAt: new Date(Date.UTC(y, m, d)), endsAt: new Date(Date.UTC(y, m, d + 1)) };
    case 'weekly': {
      // ISO weeks start on Monday.
      const weekday = (now.getUTCDay() + 6) % 7;
      const monday = new Date(Date.UTC(y, m, d - weekday));
      return { id: `w${monday.toISOString().slice(0, 10)}`, startsAt: monday, endsAt: new Date(monday.getTime() + 7 * DAY) };
    }
    case 'monthly':
      return { id: `m${y}-${pad(m + 1)}`, startsAt: new Date(Date.UTC(y, m, 1)), endsAt: new Date(Date.UTC(y, m + 1, 1)) };
    case 'total':
      return { id: 'total', startsAt: null, endsAt: null };
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

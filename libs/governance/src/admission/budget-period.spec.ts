import { budgetPeriodAt } from './budget-period';

describe('budgetPeriodAt', () => {
  const at = new Date('2026-11-25T21:30:00Z'); // a Wednesday

  it('gives UTC day, ISO week (from Monday), month and total periods with their ends', () => {
    expect(budgetPeriodAt('daily', at)).toEqual({ id: 'd2026-11-25', startsAt: new Date('2026-11-25T00:00:00Z'), endsAt: new Date('2026-11-26T00:00:00Z') });
    expect(budgetPeriodAt('weekly', at)).toEqual({ id: 'w2026-11-23', startsAt: new Date('2026-11-23T00:00:00Z'), endsAt: new Date('2026-11-30T00:00:00Z') });
    expect(budgetPeriodAt('monthly', at)).toEqual({ id: 'm2026-11', startsAt: new Date('2026-11-01T00:00:00Z'), endsAt: new Date('2026-12-01T00:00:00Z') });
    expect(budgetPeriodAt('total', at)).toEqual({ id: 'total', startsAt: null, endsAt: null });
  });

  it('rolls over at year ends and on Sundays', () => {
    expect(budgetPeriodAt('monthly', new Date('2026-12-31T23:59:59Z')).endsAt).toEqual(new Date('2027-01-01T00:00:00Z'));
    expect(budgetPeriodAt('weekly', new Date('2026-11-29T23:00:00Z')).id).toBe('w2026-11-23');
    expect(budgetPeriodAt('weekly', new Date('2026-11-30T00:00:00Z')).id).toBe('w2026-11-30');
  });
});

import { previousMonth, usageReportRequestOf } from './usage-report-request';

describe('usage report request', () => {
  it('turns inclusive days into the API whole-day range, the last day included', () => {
    expect(usageReportRequestOf({ firstDay: '2026-10-01', lastDay: '2026-10-31', groupBy: 'team_model', period: 'month' })).toEqual({
      request: { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z', groupBy: 'team_model', period: 'month' },
    });
    expect(usageReportRequestOf({ firstDay: '2026-11-05', lastDay: '2026-11-05', groupBy: 'model', period: 'day' })).toEqual({
      request: { from: '2026-11-05T00:00:00Z', to: '2026-11-06T00:00:00Z', groupBy: 'model', period: 'day' },
    });
  });

  it('says what is wrong instead of sending a request the API would refuse', () => {
    expect(usageReportRequestOf({ firstDay: '', lastDay: '2026-10-31', groupBy: 'team', period: 'month' })).toEqual({ error: 'Choose a first and a last day.' });
    expect(usageReportRequestOf({ firstDay: '2026-10-31', lastDay: '2026-10-01', groupBy: 'team', period: 'month' })).toEqual({ error: 'The last day must not be before the first day.' });
    expect(usageReportRequestOf({ firstDay: '2025-01-01', lastDay: '2026-10-01', groupBy: 'team', period: 'month' })).toEqual({ error: 'A report covers at most 400 days.' });
    expect(usageReportRequestOf({ firstDay: '2026-10-01', lastDay: '2026-10-02', groupBy: 'user', period: 'month' })).toEqual({ error: 'Choose how to group the report.' });
    expect(usageReportRequestOf({ firstDay: '2026-10-01', lastDay: '2026-10-02', groupBy: 'team', period: 'week' })).toEqual({ error: 'Choose one row per day or per month.' });
  });

  it('defaults to the previous calendar month (UTC), across a year boundary too', () => {
    expect(previousMonth(new Date('2026-11-25T10:00:00Z'))).toEqual({ firstDay: '2026-10-01', lastDay: '2026-10-31' });
    expect(previousMonth(new Date('2027-01-03T00:30:00Z'))).toEqual({ firstDay: '2026-12-01', lastDay: '2026-12-31' });
  });
});

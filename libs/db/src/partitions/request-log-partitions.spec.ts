import { requestLogPartitionFor, startOfUtcDay } from './request-log-partitions';

describe('requestLogPartitionFor', () => {
  it('names the partition after the UTC day and spans exactly that day', () => {
    const p = requestLogPartitionFor(new Date('2026-03-09T23:59:59.999-02:00'));
    expect(p).toEqual({
      name: 'request_logs_p20260310',
      from: new Date('2026-03-10T00:00:00.000Z'),
      to: new Date('2026-03-11T00:00:00.000Z'),
    });
  });

  it('truncates to UTC midnight', () => {
    expect(startOfUtcDay(new Date('2026-12-31T12:34:56Z')).toISOString()).toBe('2026-12-31T00:00:00.000Z');
  });
});

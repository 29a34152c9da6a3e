import { NotFoundException } from '@nestjs/common';
import { toProblem } from './problem-json.filter';

describe('toProblem', () => {
  it('answers 503 service-unavailable when Postgres is unreachable (also through a TypeORM driverError)', () => {
    for (const error of [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('query failed'), { driverError: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }),
    ]) {
      expect(toProblem(error)).toMatchObject({ status: 503, slug: 'service-unavailable' });
    }
  });

  it('keeps other server errors a 500 and client errors what they were', () => {
    expect(toProblem(Object.assign(new Error('duplicate key'), { code: '23505' }))).toMatchObject({ status: 500, slug: 'internal' });
    expect(toProblem(new NotFoundException())).toMatchObject({ status: 404, slug: 'not-found' });
  });
});

import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { ConfigError, parseEnv, workerEnvSchema } from '@sluice/contracts';
import { rebuildRollups } from '../rollups/rebuild-rollups';

const USAGE = 'usage: rebuild-rollups --from <ISO date or time> --to <ISO date or time>   (UTC days touched by [from, to) are rebuilt; needs DATABASE_URL)';

/** Operator command: deletes and recomputes usage_rollups from request_logs for a range. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  let from: Date;
  let to: Date;
  try {
    const { values } = parseArgs({ args: argv, options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true });
    if (!values.from || !values.to) throw new Error('--from and --to are required');
    from = new Date(values.from);
    to = new Date(values.to);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new Error('--from and --to must be ISO dates');
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  let databaseUrl: string;
  try {
    databaseUrl = parseEnv('worker', workerEnvSchema, process.env).DATABASE_URL;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const pool = new Pool({ connectionString: databaseUrl, max: 1, application_name: 'sluice-rebuild-rollups' });
  try {
    const result = await rebuildRollups(pool, from, to, (day, requests) => console.log(`${day}: ${requests} requests`));
    console.log(`rebuilt ${result.days.length} day(s) from ${result.requests} request_logs rows`);
    return 0;
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('rebuild-rollups failed:', error);
      process.exit(1);
    },
  );
}

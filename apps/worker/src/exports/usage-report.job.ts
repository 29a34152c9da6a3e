import type { KeyObject } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { signJsonDocument } from '@sluice/audit';
import { usageReportFiltersSchema, type UsageReportFilters } from '@sluice/contracts';
import { csvLine } from './csv-cell';
import { exportFileName, ExportFileWriter } from './export-file';
import type { ExportProgress } from './export-progress';

export interface UsageReportRun {
  dataSource: DataSource;
  exportId: string;
  orgId: string;
  filters: UsageReportFilters;
  exportsDir: string;
  signingKey: KeyObject;
  progress: ExportProgress;
}

export const USAGE_REPORT_COLUMNS = ['period_start', 'period_end', 'team_id', 'team_name', 'model', 'requests', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'cost_usd'] as const;

interface ReportRow {
  period_start: Date;
  period_end: Date;
  team_id: string | null;
  team_name: string | null;
  model: string | null;
  requests: string;
  prompt_tokens: string;
  completion_tokens: string;
  cost_usd: string;
}

const FETCH = 1000;

/**
 * Chargeback CSV from the day rollups: one row per period (day or calendar month, UTC) and group
 * (team, model or team × model) with requests, tokens and cost. Read through a server-side cursor.
 */
export async function runUsageReport(run: UsageReportRun) {
  const filters = usageReportFiltersSchema.parse(run.filters);
  const byTeam = filters.groupBy !== 'model';
  const byModel = filters.groupBy !== 'team';
  const groupColumns = [byTeam ? 'r.team_id' : null, byModel ? 'r.model' : null].filter(Boolean).join(', ');
  const sql = `
    SELECT g.period_start, g.period_start + $5::interval AS period_end,
           ${byTeam ? 'g.team_id' : 'NULL::uuid'} AS team_id, ${byTeam ? 't.name' : 'NULL::text'} AS team_name,
           ${byModel ? 'g.model' : 'NULL::text'} AS model, g.requests, g.prompt_tokens, g.completion_tokens, g.cost_usd
    FROM (
      SELECT date_trunc($4::text, r.bucket_start, 'UTC') AS period_start, ${groupColumns},
             sum(r.request_count) AS requests, sum(r.prompt_tokens) AS prompt_tokens,
             sum(r.completion_tokens) AS completion_tokens, sum(r.cost_usd) AS cost_usd
      FROM usage_rollups r
      WHERE r.org_id = $1 AND r.grain = 'day' AND r.bucket_start >= $2::timestamptz AND r.bucket_start < $3::timestamptz
      GROUP BY 1, ${groupColumns}
    ) g
    ${byTeam ? 'LEFT JOIN teams t ON t.id = g.team_id AND t.org_id = $1' : ''}
    ORDER BY g.period_start${byTeam ? ', t.name NULLS FIRST, g.team_id NULLS FIRST' : ''}${byModel ? ', g.model' : ''}`;
  const params = [run.orgId, filters.from, filters.to, filters.period, filters.period === 'day' ? '1 day' : '1 month'];

  const fileName = exportFileName(run.exportId, 'csv');
  const file = new ExportFileWriter(run.exportsDir, fileName);
  const totals = { requests: 0n, promptTokens: 0n, completionTokens: 0n, costUnits: 0n };
  let rowCount = 0;
  const runner = run.dataSource.createQueryRunner();
  try {
    await file.write(csvLine([...USAGE_REPORT_COLUMNS]));
    await runner.connect();
    await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await runner.query(`DECLARE sluice_usage_report NO SCROLL CURSOR FOR ${sql}`, params);
    for (;;) {
      const rows = (await runner.query(`FETCH ${FETCH} FROM sluice_usage_report`)) as ReportRow[];
      for (const row of rows) {
        const total = BigInt(row.prompt_tokens) + BigInt(row.completion_tokens);
        await file.write(
          csvLine([row.period_start.toISOString(), row.period_end.toISOString(), row.team_id, row.team_name, row.model, row.requests, row.prompt_tokens, row.completion_tokens, total.toString(), row.cost_usd]),
        );
        totals.requests += BigInt(row.requests);
        totals.promptTokens += BigInt(row.prompt_tokens);
        totals.completionTokens += BigInt(row.completion_tokens);
        totals.costUnits += costUnits(row.cost_usd);
        rowCount++;
      }
      run.progress.written(rowCount);
      if (rows.length < FETCH) break;
    }
    await runner.query('COMMIT');
    const fileBytes = await file.commit();
    const manifest = signJsonDocument(
      {
        version: 1,
        kind: 'usage_report',
        orgId: run.orgId,
        filters: { ...filters },
        format: 'csv',
        rowCount,
        totals: { requests: totals.requests.toString(), promptTokens: totals.promptTokens.toString(), completionTokens: totals.completionTokens.toString(), costUsd: unitsToCost(totals.costUnits) },
        fileSha256: file.sha256(),
        generatedAt: new Date().toISOString(),
      },
      run.signingKey,
    );
    return { fileName, fileBytes, rowCount, manifest };
  } catch (error) {
    await runner.query('ROLLBACK').catch(() => undefined);
    await file.discard();
    throw error;
  } finally {
    if (!runner.isReleased) await runner.release();
  }
}

const SCALE = 10;
/** numeric text → integer units of 1e-10 USD, so totals add up exactly. */
function costUnits(text: string): bigint {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole) * 10n ** BigInt(SCALE) + BigInt((fraction + '0'.repeat(SCALE)).slice(0, SCALE));
}

function unitsToCost(units: bigint): string {
  const text = units.toString().padStart(SCALE + 1, '0');
  return `${text.slice(0, -SCALE)}.${text.slice(-SCALE)}`;
}

import '@testing-library/jest-dom';
import { render, screen } from '@testing-library/react';
import { exportJobSchema, type ExportJob } from './export-schemas';
import { ExportJobList } from './export-job-list';

const job = (manifest: unknown): ExportJob =>
  exportJobSchema.parse({
    id: 'e1',
    format: 'csv',
    status: 'succeeded',
    filters: {},
    progress: { rowsWritten: 120, rowsEstimated: 120 },
    fileBytes: 4096,
    error: null,
    createdAt: '2026-11-26T09:00:00Z',
    completedAt: '2026-11-26T09:00:03Z',
    manifest,
  });
const manifest = (over: Record<string, unknown>) => ({ version: 1, rowCount: 120, chainVerified: true, chainBreak: null, fileSha256: 'a'.repeat(64), signature: { alg: 'Ed25519', keyId: '0123456789abcdef', value: 'AA==' }, ...over });
const renderList = (items: ExportJob[]) => render(<ExportJobList items={items} basePath="/api/v1/audit/exports" filePrefix="audit" rowNoun="events" label="Audit exports" testId="audit-export" onError={() => undefined} />);

describe('ExportJobList', () => {
  it('warns, with the event and what went wrong, when the signed manifest says the chain is broken', () => {
    renderList([job(manifest({ chainVerified: false, chainBreak: { seq: 42, reason: 'hash_mismatch' } }))]);
    expect(screen.getByRole('alert')).toHaveTextContent('The audit trail’s hash chain is broken at event #42 (an event was altered)');
    expect(screen.getByRole('button', { name: 'Download manifest' })).toBeInTheDocument();
  });

  it('says nothing of the chain for a verified export or a usage report (no chain in its manifest)', () => {
    renderList([job(manifest({})), { ...job(null), id: 'e2' }, { ...job({ kind: 'usage_report', rowCount: 3 }), id: 'e3' }]);
    expect(screen.getAllByTestId('audit-export')).toHaveLength(3);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

'use client';

import { useId, useState, type ChangeEvent } from 'react';
import { Button, cx, focusRing } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { ConfigDiffView } from './config-diff-view';
import { importPreviewSchema, importResultSchema, isEmptyDiff, type ImportPreview, type ImportResult } from './config-io-schemas';
import { ProblemMessage } from './problem-message';

const MAX_FILE_BYTES = 2_000_000;

/**
 * Paste or upload a config file, preview what it would change, then apply exactly that preview:
 * the import carries the preview's base version, so a config changed in between is refused (409).
 */
export function ConfigImportForm({ yaml, onYamlChange }: { yaml: string; onYamlChange: (yaml: string) => void }) {
  const textareaId = useId();
  const fileId = useId();
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'preview' | 'apply' | null>(null);

  const edit = (next: string) => {
    onYamlChange(next);
    setPreview(null);
    setResult(null);
  };

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setError(new Error(`${file.name} is ${Math.ceil(file.size / 1000)} kB; a config file can be at most 2 MB.`));
      return;
    }
    setError(null);
    edit(await file.text());
  };

  const runPreview = async () => {
    if (!yaml.trim()) {
      setError(new Error('Paste a config file or choose one to upload first.'));
      return;
    }
    setBusy('preview');
    setError(null);
    setResult(null);
    try {
      setPreview(await apiRequest('/api/v1/config/import/preview', { method: 'POST', body: { yaml }, schema: importPreviewSchema }));
    } catch (err) {
      setPreview(null);
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const apply = async () => {
    if (!preview) return;
    setBusy('apply');
    setError(null);
    try {
      setResult(await apiRequest('/api/v1/config/import', { method: 'POST', body: { yaml, expectedVersion: preview.baseVersion }, schema: importResultSchema }));
      setPreview(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <form aria-label="Import config" onSubmit={(e) => { e.preventDefault(); void runPreview(); }} className="flex flex-col gap-4 rounded-xl border border-border bg-surface p-5">
      <h2 className="text-base font-semibold text-fg">Import</h2>
      <div className="flex flex-col gap-1.5">
        <label htmlFor={fileId} className="text-sm font-medium text-fg">
          Upload a file
        </label>
        <input id={fileId} type="file" accept=".yaml,.yml,application/yaml,text/yaml,text/plain" onChange={readFile} className={cx('text-sm text-fg file:mr-3 file:rounded-lg file:border file:border-border file:bg-surface file:px-3 file:py-1.5 file:text-sm file:text-fg', focusRing)} />
      </div>
      <div className="flex flex-col gap-1.5">
        <label htmlFor={textareaId} className="text-sm font-medium text-fg">
          Config YAML
        </label>
        <textarea
          id={textareaId}
          name="yaml"
          value={yaml}
          onChange={(e) => edit(e.currentTarget.value)}
          rows={16}
          spellCheck={false}
          placeholder={'providers:\n  - name: openai\n    type: openai\n    …'}
          className={cx('rounded-lg border border-border bg-surface px-3 py-2 font-mono text-xs text-fg placeholder:text-fg-muted', focusRing)}
        />
        <p className="text-xs text-fg-muted">The gateway’s standalone YAML, as the export writes it. Credentials are ${'{ENV}'} placeholders; API keys are not part of it.</p>
      </div>
      <ProblemMessage error={error} />
      <div>
        <Button type="submit" variant="secondary" loading={busy === 'preview'}>
          Preview changes
        </Button>
      </div>
      {preview && (
        <section aria-label="Preview" className="flex flex-col gap-3 rounded-lg border border-border bg-surface-muted p-4">
          <h3 className="text-sm font-semibold text-fg">
            Preview against config version {preview.baseVersion}: {preview.summary.added} added, {preview.summary.changed} changed, {preview.summary.removed} removed
          </h3>
          <ConfigDiffView diff={preview.diff} />
          <div>
            <Button onClick={apply} loading={busy === 'apply'} disabled={isEmptyDiff(preview.summary)}>
              Apply these changes
            </Button>
          </div>
        </section>
      )}
      <div aria-live="polite">
        {result && (
          <p role="status" className="text-sm text-fg">
            {result.applied
              ? `Imported: ${result.summary.added} added, ${result.summary.changed} changed, ${result.summary.removed} removed. The config is now at version ${result.version}; gateways reload it within a second.`
              : `Nothing was written: the file matches the stored config (version ${result.version}).`}
          </p>
        )}
      </div>
    </form>
  );
}

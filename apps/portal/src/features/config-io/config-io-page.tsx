'use client';

import { useState } from 'react';
import { Button, cx, focusRing } from '@sluice/ui';
import { useSession } from '../../session/session-context';
import { PageHeader } from '../../shell/page-header';
import { downloadYaml, fetchConfigExport } from './config-export';
import { ConfigImportForm } from './config-import-form';
import { ProblemMessage } from './problem-message';

/**
 * The org's routing, catalog and policy config as YAML, for GitOps: export it, import a changed file after
 * a diff preview. Auditors export it and read it on the page; importing is for owners and admins.
 */
export function ConfigIoPage() {
  const session = useSession();
  const { activeOrg } = session;
  const canImport = session.can('config:import');
  const orgId = activeOrg?.id ?? null;
  const [yaml, setYaml] = useState('');
  const [busy, setBusy] = useState<'download' | 'edit' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [exported, setExported] = useState<string | null>(null);

  const exportConfig = async (then: 'download' | 'edit') => {
    setBusy(then);
    setError(null);
    try {
      const { yaml: text, version } = await fetchConfigExport(orgId);
      if (then === 'download') downloadYaml(`sluice-config${activeOrg ? `-${activeOrg.slug}` : ''}${version !== null ? `-v${version}` : ''}.yaml`, text);
      else setYaml(text);
      setExported(version !== null ? `Exported config version ${version}.` : 'Exported the config.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageHeader title="Config import/export" description="Providers (credentials as ${ENV} placeholders), models and deployments, teams and policies — the gateway’s standalone YAML, for review in Git." />
      <section aria-labelledby="config-export" className="flex flex-col gap-3 rounded-xl border border-border bg-surface p-5">
        <h2 id="config-export" className="text-base font-semibold text-fg">
          Export
        </h2>
        <p className="text-sm text-fg-muted">
          No secret is in the file: provider credentials are <code className="font-mono text-xs">{'${ENV}'}</code> placeholders, and API keys, users, webhooks and audit records are not part of it.
        </p>
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => exportConfig('download')} loading={busy === 'download'}>
            Download YAML
          </Button>
          <Button variant="secondary" onClick={() => exportConfig('edit')} loading={busy === 'edit'}>
            {canImport ? 'Edit the current config below' : 'Show the current config'}
          </Button>
        </div>
        <div aria-live="polite">
          {exported && (
            <p role="status" className="text-sm text-fg">
              {exported}
            </p>
          )}
        </div>
        <ProblemMessage error={error} />
      </section>
      {canImport ? <ConfigImportForm yaml={yaml} onYamlChange={setYaml} /> : yaml && <ConfigYamlView yaml={yaml} />}
    </>
  );
}

/** The exported file for reading (roles that may export but not import). */
function ConfigYamlView({ yaml }: { yaml: string }) {
  return (
    <section aria-labelledby="config-current" className="flex flex-col gap-3 rounded-xl border border-border bg-surface p-5">
      <h2 id="config-current" className="text-base font-semibold text-fg">
        Current config
      </h2>
      <pre
        data-testid="config-yaml"
        // Focusable so keyboard users can scroll it.
        tabIndex={0}
        className={cx('max-h-[36rem] overflow-auto rounded-lg border border-border bg-surface-muted/40 p-4 font-mono text-xs leading-relaxed text-fg', focusRing)}
      >
        {yaml}
      </pre>
      <p className="text-sm text-fg-muted">Importing a changed file is for owners and admins.</p>
    </section>
  );
}

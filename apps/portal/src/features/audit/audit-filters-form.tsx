'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { Button, SelectField, TextField } from '@sluice/ui';
import { AUDIT_FILTER_KEYS, type AuditFilterValues } from './audit-schemas';

/** `datetime-local` values are local time; the URL and the admin API use ISO instants. */
const toInput = (iso?: string) => (iso ? new Date(new Date(iso).getTime() - new Date(iso).getTimezoneOffset() * 60_000).toISOString().slice(0, 16) : '');
const fromInput = (local: string) => (local ? new Date(local).toISOString() : '');

/** Search filters, kept in the URL so a search can be bookmarked and shared. */
export function AuditFiltersForm({ values }: { values: AuditFilterValues }) {
  const router = useRouter();

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const key of AUDIT_FILTER_KEYS) {
      let value = String(form.get(key) ?? '').trim();
      if (key === 'from' || key === 'to') value = fromInput(value);
      if (value) params.set(key, value);
    }
    router.replace(`/audit${params.size ? `?${params}` : ''}`);
  };

  return (
    <form
      key={JSON.stringify(values)}
      onSubmit={apply}
      role="search"
      aria-label="Filter the audit trail"
      className="grid gap-4 rounded-xl border border-border bg-surface p-5 sm:grid-cols-2 lg:grid-cols-4"
    >
      <TextField label="Action" name="action" defaultValue={values.action} placeholder="api_key.* or auth.login_failed" hint="Exact name, or a prefix ending in .*" />
      <TextField label="Actor ID" name="actorId" defaultValue={values.actorId} placeholder="user id" />
      <TextField label="Target type" name="targetType" defaultValue={values.targetType} placeholder="api_key" />
      <TextField label="Target ID" name="targetId" defaultValue={values.targetId} />
      <SelectField
        label="Result"
        name="result"
        defaultValue={values.result ?? ''}
        placeholder="Any result"
        options={[
          { value: 'success', label: 'Success' },
          { value: 'failure', label: 'Failure' },
          { value: 'denied', label: 'Denied' },
        ]}
      />
      <TextField label="From" name="from" type="datetime-local" defaultValue={toInput(values.from)} />
      <TextField label="To" name="to" type="datetime-local" defaultValue={toInput(values.to)} />
      <div className="flex items-end gap-2">
        <Button type="submit">Search</Button>
        <Button variant="ghost" onClick={() => router.replace('/audit')}>
          Clear
        </Button>
      </div>
    </form>
  );
}

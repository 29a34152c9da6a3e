'use client';

import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { Button, cx, focusRing, TextField } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { ProblemMessage } from '../config-io/problem-message';
import { connectionBody, type SsoFormValues } from './sso-connection-body';
import { claimNames, settingList, settingText, ssoConnectionSchema, type SsoConnection } from './sso-schemas';

const textareaClass = cx('rounded-lg border border-border bg-surface px-3 py-2 font-mono text-xs text-fg placeholder:text-fg-muted', focusRing);

function initialValues(current: SsoConnection | null): SsoFormValues {
  const settings = current?.settings ?? {};
  const mapping = claimNames(settings, current?.type === 'saml' ? 'attributeMapping' : 'claimMapping');
  return {
    type: current?.type ?? 'oidc',
    name: current?.name ?? '',
    enabled: current?.enabled ?? true,
    issuer: settingText(settings, 'issuer'),
    clientId: settingText(settings, 'clientId'),
    clientSecret: '',
    scopes: current ? settingList(settings, 'scopes').join(' ') : 'openid email profile',
    samlSource: current ? 'manual' : 'metadataUrl',
    metadataUrl: '',
    metadataXml: '',
    idpEntityId: settingText(settings, 'idpEntityId'),
    ssoUrl: settingText(settings, 'ssoUrl'),
    sloUrl: settingText(settings, 'sloUrl'),
    certificate: '',
    allowIdpInitiated: settings.allowIdpInitiated === true,
    emailClaim: mapping.email,
    nameClaim: mapping.name,
    groupsClaim: mapping.groups,
  };
}

/** Creates an OIDC or SAML connection, or changes one (its type stays; secrets and certificates are write-only). */
export function SsoConnectionForm({ current, onSaved, onCancel }: { current: SsoConnection | null; onSaved: (connection: SsoConnection) => void; onCancel?: () => void }) {
  const [values, setValues] = useState<SsoFormValues>(() => initialValues(current));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const xmlId = useId();
  const certId = useId();
  const set = <K extends keyof SsoFormValues>(key: K, value: SsoFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const text = (key: keyof SsoFormValues) => ({
    name: key,
    value: String(values[key]),
    error: fieldErrors[key],
    onChange: (e: ChangeEvent<HTMLInputElement>) => set(key, e.currentTarget.value as never),
  });
  const editing = current !== null;

  const readMetadataFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    if (file) set('metadataXml', await file.text());
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const built = connectionBody(values, editing);
    if (!built.ok) {
      setFieldErrors(Object.fromEntries(built.errors.map((e) => [e.path, e.message])));
      setError(new Error('Some fields need attention.'));
      return;
    }
    setFieldErrors({});
    setBusy(true);
    setError(null);
    try {
      const saved = await apiRequest(editing ? `/api/v1/sso/connections/${current.id}` : '/api/v1/sso/connections', { method: editing ? 'PATCH' : 'POST', body: built.body, schema: ssoConnectionSchema });
      if (editing) set('clientSecret', '');
      onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form aria-label={editing ? 'Connection settings' : 'New SSO connection'} onSubmit={submit} noValidate className="flex flex-col gap-5">
      {!editing && (
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium text-fg">Protocol</legend>
          {(['oidc', 'saml'] as const).map((type) => (
            <label key={type} className="flex items-center gap-2 text-sm text-fg">
              <input type="radio" name="type" value={type} checked={values.type === type} onChange={() => set('type', type)} className="size-4 accent-[var(--sl-accent)]" />
              {type === 'oidc' ? 'OpenID Connect (Okta, Entra ID, Google Workspace, Keycloak, Auth0)' : 'SAML 2.0'}
            </label>
          ))}
        </fieldset>
      )}
      <TextField label="Name" required placeholder="Okta" hint="Shown on the sign-in button." {...text('name')} />

      {values.type === 'oidc' ? (
        <>
          <TextField label="Issuer URL" type="url" required placeholder="https://acme.okta.com" hint="Its /.well-known/openid-configuration is read at sign-in." {...text('issuer')} />
          <TextField label="Client ID" required {...text('clientId')} />
          <TextField
            label={current?.hasClientSecret ? 'Replace client secret' : 'Client secret'}
            type="password"
            autoComplete="off"
            required={!editing}
            hint={current?.hasClientSecret ? 'Leave empty to keep the stored secret. It is sealed at rest and never shown.' : 'Sealed at rest and never shown again.'}
            {...text('clientSecret')}
          />
          <TextField label="Scopes" hint="Separated by spaces; openid is required." {...text('scopes')} />
        </>
      ) : (
        <>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1 text-sm font-medium text-fg">Identity provider settings</legend>
            {(
              [
                ['metadataUrl', 'From the IdP’s metadata URL'],
                ['metadataXml', 'From a metadata XML file'],
                ['manual', 'Enter them by hand'],
              ] as const
            ).map(([source, label]) => (
              <label key={source} className="flex items-center gap-2 text-sm text-fg">
                <input type="radio" name="samlSource" value={source} checked={values.samlSource === source} onChange={() => set('samlSource', source)} className="size-4 accent-[var(--sl-accent)]" />
                {label}
              </label>
            ))}
          </fieldset>
          {values.samlSource === 'metadataUrl' && (
            <TextField label="Metadata URL" type="url" placeholder="https://idp.example.com/metadata" hint={editing ? 'Leave empty to keep the current settings.' : 'Fetched once now; entity ID, SSO URL and certificates are taken from it.'} {...text('metadataUrl')} />
          )}
          {values.samlSource === 'metadataXml' && (
            <div className="flex flex-col gap-1.5">
              <label htmlFor={xmlId} className="text-sm font-medium text-fg">
                Metadata XML
              </label>
              <input type="file" accept=".xml,application/xml,text/xml" aria-label="Upload metadata XML" onChange={readMetadataFile} className="text-sm text-fg" />
              <textarea
                id={xmlId}
                rows={6}
                value={values.metadataXml}
                onChange={(e) => set('metadataXml', e.currentTarget.value)}
                placeholder="<EntityDescriptor …>"
                aria-invalid={fieldErrors.metadataXml ? true : undefined}
                className={textareaClass}
              />
              {fieldErrors.metadataXml && <p className="text-xs font-medium text-danger">{fieldErrors.metadataXml}</p>}
            </div>
          )}
          {values.samlSource === 'manual' && (
            <>
              <TextField label="IdP entity ID" required {...text('idpEntityId')} />
              <TextField label="SSO URL" type="url" required hint="Where sign-in requests are sent (HTTP-Redirect)." {...text('ssoUrl')} />
              <TextField label="Single logout URL (optional)" type="url" {...text('sloUrl')} />
              <div className="flex flex-col gap-1.5">
                <label htmlFor={certId} className="text-sm font-medium text-fg">
                  {editing ? 'Replace signing certificate' : 'Signing certificate'}
                </label>
                <textarea
                  id={certId}
                  rows={5}
                  value={values.certificate}
                  onChange={(e) => set('certificate', e.currentTarget.value)}
                  placeholder="-----BEGIN CERTIFICATE-----"
                  aria-invalid={fieldErrors.certificate ? true : undefined}
                  className={textareaClass}
                />
                <p className="text-xs text-fg-muted">{editing ? 'Leave empty to keep the stored certificates. ' : ''}Only this certificate is trusted; certificates embedded in responses are ignored.</p>
                {fieldErrors.certificate && <p className="text-xs font-medium text-danger">{fieldErrors.certificate}</p>}
              </div>
            </>
          )}
          <label className="flex items-center gap-2 text-sm text-fg">
            <input type="checkbox" checked={values.allowIdpInitiated} onChange={(e) => set('allowIdpInitiated', e.currentTarget.checked)} className="size-4 accent-[var(--sl-accent)]" />
            Allow IdP-initiated sign-in (off unless users must start from the IdP’s dashboard)
          </label>
        </>
      )}

      <fieldset className="flex flex-col gap-3">
        <legend className="mb-1 text-sm font-medium text-fg">{values.type === 'oidc' ? 'Claim names' : 'Attribute names'}</legend>
        <div className="grid gap-3 sm:grid-cols-3">
          <TextField label="Email" {...text('emailClaim')} />
          <TextField label="Display name" {...text('nameClaim')} />
          <TextField label="Groups" {...text('groupsClaim')} />
        </div>
      </fieldset>
      <label className="flex items-center gap-2 text-sm text-fg">
        <input type="checkbox" checked={values.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} className="size-4 accent-[var(--sl-accent)]" />
        Enabled (offered on the sign-in page)
      </label>
      <ProblemMessage error={error} />
      <div className="flex gap-2">
        <Button type="submit" loading={busy}>
          {editing ? 'Save connection' : 'Create connection'}
        </Button>
        {onCancel && (
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}

'use client';

import { useEffect, useState, type FormEvent } from 'react';
import { z } from 'zod';
import { Button, cx, focusRing, TextField } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { ApiError } from '../../api/api-error';
import { ssoErrorMessage } from './sso-error-message';
import { LAST_ORG_KEY, ORG_SLUG_PATTERN, signInOptionsSchema, ssoStartUrl, type SignInOptions } from './sign-in-options';

const loginAnswerSchema = z.object({ userId: z.string(), csrfToken: z.string() });

/**
 * Two steps: the organization (its slug), then its ways in — one button per SSO connection and, when the
 * organization allows it, email and password (the admin API's break-glass login). On success the
 * admin API has set the session cookie; a full page load then renders the signed-in portal at `returnTo`.
 */
export function SignInForm({ returnTo, initialOrg, ssoError }: { returnTo: string; initialOrg?: string; ssoError?: string }) {
  const [org, setOrg] = useState<{ slug: string; options: SignInOptions } | null>(null);
  const [orgDraft, setOrgDraft] = useState(initialOrg ?? '');
  // After a refused single sign-on the admin API sends the browser back here with ?ssoError=<reason>.
  const [error, setError] = useState<string | null>(() => ssoErrorMessage(ssoError));
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (initialOrg) return;
    try {
      const last = localStorage.getItem(LAST_ORG_KEY);
      // Never over what the person already typed (on a slow page they may type before this runs).
      if (last) setOrgDraft((draft) => draft || last);
    } catch {
      // Storage may be refused; the field just starts empty.
    }
  }, [initialOrg]);

  const discover = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const slug = orgDraft.trim().toLowerCase();
    if (!ORG_SLUG_PATTERN.test(slug)) {
      setError('Enter your organization’s short name: lower-case letters, digits and dashes, e.g. acme.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const options = await apiRequest('/api/v1/auth/sso/discover', { query: { org: slug }, schema: signInOptionsSchema, redirectOnUnauthenticated: false });
      try {
        localStorage.setItem(LAST_ORG_KEY, slug);
      } catch {
        // Remembering the organization is a convenience only.
      }
      setOrg({ slug, options });
    } catch (err) {
      setError(err instanceof ApiError && err.status === 404 ? 'No organization has that name. Check the spelling, or ask your administrator for it.' : errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const signIn = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await apiRequest('/api/v1/auth/login', {
        method: 'POST',
        body: { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') },
        schema: loginAnswerSchema,
        redirectOnUnauthenticated: false,
      });
      window.location.assign(returnTo);
    } catch (err) {
      setError(passwordErrorText(err));
      setBusy(false);
    }
  };

  const errorBox = error && (
    <p id="sign-in-error" role="alert" className="rounded-lg border border-danger/30 bg-danger-soft px-3 py-2 text-sm text-danger">
      {error}
    </p>
  );

  if (!org) {
    return (
      <form onSubmit={discover} className="flex flex-col gap-4" noValidate aria-label="Choose your organization">
        <TextField
          label="Organization"
          name="org"
          value={orgDraft}
          onChange={(e) => setOrgDraft(e.target.value)}
          autoComplete="organization"
          autoCapitalize="none"
          spellCheck={false}
          placeholder="acme"
          hint="Your organization’s short name in Sluice."
          required
          autoFocus
        />
        {errorBox}
        <Button type="submit" loading={busy} className="w-full">
          Continue
        </Button>
      </form>
    );
  }

  const { connections, breakGlassEnabled } = org.options;
  return (
    <div className="flex flex-col gap-5">
      <p className="flex items-center justify-between gap-2 rounded-lg bg-surface-muted px-3 py-2 text-sm text-fg">
        <span>
          Organization <strong className="font-semibold">{org.slug}</strong>
        </span>
        <button
          type="button"
          className={cx('rounded text-sm font-medium text-accent hover:underline', focusRing)}
          onClick={() => {
            setOrg(null);
            setError(null);
          }}
        >
          Change
        </button>
      </p>
      {connections.length > 0 && (
        <ul className="flex flex-col gap-2" aria-label="Single sign-on">
          {connections.map((c) => (
            <li key={c.id}>
              <a
                href={ssoStartUrl(c.id, returnTo)}
                className={cx('flex h-10 w-full items-center justify-center rounded-lg bg-accent px-4 text-sm font-medium text-accent-fg hover:bg-accent-hover', focusRing)}
              >
                Continue with {c.name}
              </a>
            </li>
          ))}
        </ul>
      )}
      {!breakGlassEnabled && errorBox}
      {connections.length > 0 && breakGlassEnabled && (
        <p className="flex items-center gap-3 text-xs text-fg-muted before:h-px before:flex-1 before:bg-border after:h-px after:flex-1 after:bg-border">or with a password</p>
      )}
      {breakGlassEnabled && (
        <form onSubmit={signIn} className="flex flex-col gap-4" aria-label="Sign in with email and password">
          <TextField label="Email" name="email" type="email" autoComplete="username" required autoFocus={connections.length === 0} />
          <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
          {errorBox}
          <Button type="submit" variant={connections.length ? 'secondary' : 'primary'} loading={busy} className="w-full">
            Sign in
          </Button>
        </form>
      )}
      {!breakGlassEnabled && connections.length === 0 && (
        <p role="alert" className="text-sm text-danger">
          This organization has no way to sign in enabled yet. Ask your administrator to set up single sign-on.
        </p>
      )}
    </div>
  );
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : 'Something went wrong. Try again.';
}

function passwordErrorText(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Signing in failed. Try again.';
  if (err.status === 401) return 'That email and password do not match an account. Check both and try again.';
  if (err.status === 429) return 'Too many attempts. Wait 15 minutes, then try again, or ask an administrator to help.';
  if (err.status === 400) return 'Enter your email address and password.';
  return err.message;
}

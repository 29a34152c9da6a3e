'use client';

import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { Button, TextField } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { ApiError } from '../../api/api-error';

const loginAnswerSchema = z.object({ userId: z.string(), csrfToken: z.string() });

/**
 * Email and password sign-in (the admin API's break-glass login). On success the admin API has set the
 * session cookie; a full page load then renders the signed-in portal at `returnTo`.
 */
export function SignInForm({ returnTo }: { returnTo: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await apiRequest('/api/v1/auth/login', {
        method: 'POST',
        body: { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') },
        schema: loginAnswerSchema,
      });
      window.location.assign(returnTo);
    } catch (err) {
      setError(signInMessage(err));
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" noValidate={false} aria-describedby={error ? 'sign-in-error' : undefined}>
      <TextField label="Email" name="email" type="email" autoComplete="username" required autoFocus />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
      {error && (
        <p id="sign-in-error" role="alert" className="rounded-lg border border-danger/30 bg-danger-soft px-3 py-2 text-sm text-danger">
          {error}
        </p>
      )}
      <Button type="submit" loading={busy} className="w-full">
        Sign in
      </Button>
    </form>
  );
}

function signInMessage(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Signing in failed. Try again.';
  if (err.status === 401) return 'That email and password do not match an account. Check both and try again.';
  if (err.status === 429) return 'Too many attempts. Wait 15 minutes, then try again, or ask an administrator to help.';
  if (err.status === 400) return 'Enter your email address and password.';
  return err.message;
}

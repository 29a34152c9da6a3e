'use client';

import type { z } from 'zod';
import { SIGN_IN_PAGE } from '../session/sign-in-route';
import { ApiError, apiErrorFrom } from './api-error';

/** What every call from the browser needs to act as the signed-in user in the chosen organization. */
export interface ApiCredentials {
  csrfToken: string;
  orgId: string | null;
}

let credentials: ApiCredentials = { csrfToken: '', orgId: null };

/** Set once by the SessionProvider; the calls below read it. */
export function setApiCredentials(next: ApiCredentials): void {
  credentials = next;
}

export interface ApiRequest<T extends z.ZodType> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Query parameters; empty strings and undefined are left out. */
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  /** Checks the answer against the contract; a mismatch is an error, never shown as data. */
  schema: T;
  signal?: AbortSignal;
  /** A 401 normally means the session ended and sends the user to sign-in; the sign-in calls themselves opt out. */
  redirectOnUnauthenticated?: boolean;
}


/** Calls the admin API through the portal's /api relay. */
export async function apiRequest<T extends z.ZodType>(path: string, request: ApiRequest<T>): Promise<z.output<T>> {
  const { method = 'GET', query, body, schema, signal, redirectOnUnauthenticated = true } = request;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (credentials.orgId) headers['x-sluice-org'] = credentials.orgId;
  if (method !== 'GET') headers['x-csrf-token'] = credentials.csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(withQuery(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'same-origin',
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError('The portal is not responding. Check your network connection and try again.', 0);
  }
  if (response.status === 204) return schema.parse(undefined);
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401 && redirectOnUnauthenticated) redirectToSignIn();
    throw apiErrorFrom(response.status, payload);
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw new ApiError('The admin API answered in an unexpected format. Check that the portal and admin API versions match.', response.status);
  }
  return parsed.data;
}

export function withQuery(path: string, query?: ApiRequest<z.ZodType>['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

function redirectToSignIn(): void {
  if (typeof window === 'undefined' || window.location.pathname === SIGN_IN_PAGE) return;
  const returnTo = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`${SIGN_IN_PAGE}?returnTo=${encodeURIComponent(returnTo)}`);
}

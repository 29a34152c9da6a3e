'use client';

import { z } from 'zod';
import { apiRequest } from '../api/api-client';
import { SIGN_IN_PAGE } from './sign-in-route';

const logoutAnswerSchema = z.object({ redirectTo: z.url({ protocol: /^https?$/ }).nullable() });

/**
 * Ends the Sluice session and says where the browser goes next: the sign-in page, or — for a SAML
 * session whose IdP supports single logout — the IdP's logout URL, so the IdP session ends too
 * (the IdP then sends the browser back to sign-in).
 */
export async function endSession(): Promise<string> {
  try {
    const { redirectTo } = await apiRequest('/api/v1/auth/sso/logout', { method: 'POST', schema: logoutAnswerSchema, redirectOnUnauthenticated: false });
    return redirectTo ?? SIGN_IN_PAGE;
  } catch {
    // The session is gone either way once the cookie expires; the sign-in page is the right place now.
    return SIGN_IN_PAGE;
  }
}

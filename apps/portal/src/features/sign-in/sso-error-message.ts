/**
 * What the sign-in page says when the admin API sent the browser back with `?ssoError=<reason>` after a
 * refused single sign-on (the reason codes of the admin API's SSO flow; the details are in the audit trail).
 */
const MESSAGES: Record<string, string> = {
  idp_error: 'Single sign-on was cancelled or refused at your identity provider. Try again, or ask your administrator for access.',
  invalid_state: 'That sign-in link has expired or was already used. Start again from this page.',
  email_not_verified: 'Your identity provider has not verified your email address, so it cannot be linked to your existing account. Ask your administrator.',
  email_missing: 'Your identity provider did not send an email address. Ask your administrator to check the single sign-on settings.',
  user_inactive: 'Your account is deactivated. Ask your administrator to reactivate it.',
  connection_disabled: 'This single sign-on connection is turned off. Ask your administrator.',
};

const FALLBACK = 'Single sign-on failed: your identity provider’s answer could not be accepted. Try again; if it keeps failing, ask your administrator (the reason is in the audit trail).';

export function ssoErrorMessage(reason: string | undefined): string | null {
  if (!reason) return null;
  return MESSAGES[reason] ?? FALLBACK;
}

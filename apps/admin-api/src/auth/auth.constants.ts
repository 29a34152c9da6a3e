export const SESSION_COOKIE = 'sluice_session';
export const CSRF_HEADER = 'x-csrf-token';
export const ORG_HEADER = 'x-sluice-org';
/** Login attempts per (IP, email) within LOGIN_WINDOW_SECONDS before 429. */
export const LOGIN_MAX_ATTEMPTS = 10;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

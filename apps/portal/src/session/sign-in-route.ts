/** The admin API's session cookie (HttpOnly: the portal only checks that it is there). */
export const SESSION_COOKIE_NAME = 'sluice_session';
export const SIGN_IN_PAGE = '/sign-in';

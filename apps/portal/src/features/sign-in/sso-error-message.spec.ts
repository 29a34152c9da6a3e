import { ssoErrorMessage } from './sso-error-message';

describe('ssoErrorMessage', () => {
  it('says what to do for the reasons the admin API sends', () => {
    expect(ssoErrorMessage('idp_error')).toMatch(/cancelled or refused at your identity provider/);
    expect(ssoErrorMessage('user_inactive')).toMatch(/deactivated/);
  });

  it('has a generic message for validation failures and nothing without a reason', () => {
    expect(ssoErrorMessage('token_validation_failed')).toMatch(/could not be accepted/);
    expect(ssoErrorMessage('<script>')).toMatch(/could not be accepted/);
    expect(ssoErrorMessage(undefined)).toBeNull();
    expect(ssoErrorMessage('')).toBeNull();
  });
});

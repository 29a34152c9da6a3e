import { webhookDestination } from './webhook-destination';

describe('webhookDestination', () => {
  it('keeps the scheme and host and hides a Slack webhook path, which is its secret', () => {
    expect(webhookDestination('https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX')).toEqual({ shown: 'https://hooks.slack.com/…', hidden: true });
  });

  it('hides a query token and credentials in the URL', () => {
    expect(webhookDestination('https://alerts.example.com?token=abc')).toEqual({ shown: 'https://alerts.example.com/…', hidden: true });
    expect(webhookDestination('https://user:pass@alerts.example.com')).toEqual({ shown: 'https://alerts.example.com/…', hidden: true });
  });

  it('shows a bare origin as it is, with its port', () => {
    expect(webhookDestination('https://alerts.example.com:8443/')).toEqual({ shown: 'https://alerts.example.com:8443', hidden: false });
  });

  it('says so when the stored URL does not parse', () => {
    expect(webhookDestination('not a url')).toEqual({ shown: 'an invalid URL', hidden: true });
  });
});

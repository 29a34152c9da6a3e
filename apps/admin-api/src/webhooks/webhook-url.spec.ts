import { redactWebhookUrl } from './webhook-url';

describe('redactWebhookUrl', () => {
  it('keeps the scheme and host of a Slack incoming webhook and cuts its path, which is the secret', () => {
    expect(redactWebhookUrl('https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX')).toEqual({ url: 'https://hooks.slack.com/…', redacted: true });
  });

  it('cuts a query token, a fragment and URL credentials, and keeps a non-default port', () => {
    expect(redactWebhookUrl('https://alerts.example.com:8443?token=abc')).toEqual({ url: 'https://alerts.example.com:8443/…', redacted: true });
    expect(redactWebhookUrl('https://alerts.example.com/#k=1')).toEqual({ url: 'https://alerts.example.com/…', redacted: true });
    expect(redactWebhookUrl('https://user:pass@alerts.example.com')).toEqual({ url: 'https://alerts.example.com/…', redacted: true });
  });

  it('leaves a bare origin as it is: nothing is hidden', () => {
    expect(redactWebhookUrl('https://alerts.example.com/')).toEqual({ url: 'https://alerts.example.com', redacted: false });
  });

  it('gives nothing of a value that does not parse', () => {
    expect(redactWebhookUrl('not a url with a token')).toEqual({ url: '…', redacted: true });
  });
});

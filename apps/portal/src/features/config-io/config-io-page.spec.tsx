import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Me } from '../../api/me-schema';
import { SessionProvider } from '../../session/session-context';
import { ConfigIoPage } from './config-io-page';

const EXPORTED = 'version: 1\norganization: acme\nproviders:\n  - name: mock-openai\n    api_key: ${SLUICE_PROVIDER_MOCK_OPENAI_API_KEY}\n';
const signedIn = (role: string): Me => ({
  user: { id: 'u-me', email: 'me@acme.test', displayName: 'Me' },
  memberships: [{ orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: null, teamName: null, role }],
  activeOrgId: 'o-1',
  csrfToken: 'csrf',
});

let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
beforeEach(() => {
  fetchMock = jest.fn(async (input: RequestInfo | URL) => {
    if (String(input) !== '/api/v1/config/export') throw new Error(`unexpected fetch ${String(input)}`);
    // jsdom has no Response: just what fetchConfigExport reads.
    const headers = new Map([['content-type', 'application/yaml'], ['x-sluice-config-version', '4']]);
    return { ok: true, status: 200, headers: { get: (name: string) => headers.get(name) ?? null, has: (name: string) => headers.has(name) }, text: async () => EXPORTED } as unknown as Response;
  });
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const renderPage = (role: string) =>
  render(
    <SessionProvider me={signedIn(role)} activeOrgId="o-1" gatewayBaseUrl="http://localhost:4000/v1">
      <ConfigIoPage />
    </SessionProvider>,
  );

describe('ConfigIoPage', () => {
  it('lets an auditor download and read the export, with no import form', async () => {
    renderPage('auditor');
    expect(screen.getByRole('button', { name: 'Download YAML' })).toBeVisible();
    expect(screen.queryByRole('button', { name: /Preview changes|Apply/ })).toBeNull();
    expect(screen.queryByLabelText('Config YAML')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Show the current config' }));
    expect(await screen.findByTestId('config-yaml')).toHaveTextContent('organization: acme');
    expect(screen.getByRole('status')).toHaveTextContent('Exported config version 4.');
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('gives an admin the editor and the import preview', async () => {
    renderPage('admin');
    fireEvent.click(screen.getByRole('button', { name: 'Edit the current config below' }));
    await waitFor(() => expect(screen.getByLabelText('Config YAML')).toHaveValue(EXPORTED));
    expect(screen.getByRole('button', { name: 'Preview changes' })).toBeVisible();
  });
});

import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { ConfigImportForm } from './config-import-form';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

function Harness({ initial = '' }: { initial?: string }) {
  const [yaml, setYaml] = useState(initial);
  return <ConfigImportForm yaml={yaml} onYamlChange={setYaml} />;
}

const empty = { added: [], changed: [], removed: [] };
const diff = {
  providers: { added: ['anthropic'], changed: [{ name: 'openai', fields: ['baseUrl'] }], removed: [] },
  models: { ...empty, removed: ['gpt-3.5-turbo'] },
  teams: { added: ['Research'] },
  policies: empty,
};

describe('ConfigImportForm', () => {
  it('previews the diff, then applies exactly that preview with its base version', async () => {
    fetchMock
      .mockResolvedValueOnce(json({ baseVersion: 7, diff, summary: { added: 2, changed: 1, removed: 1 } }))
      .mockResolvedValueOnce(json({ applied: true, version: 8, diff, summary: { added: 2, changed: 1, removed: 1 } }));
    render(<Harness />);
    fireEvent.change(screen.getByLabelText('Config YAML'), { target: { value: 'providers: []\n' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview changes' }));

    const preview = await screen.findByRole('region', { name: 'Preview' });
    expect(preview).toHaveTextContent('Preview against config version 7: 2 added, 1 changed, 1 removed');
    const items = (name: string) => within(within(preview).getByRole('region', { name })).getAllByRole('listitem').map((li) => li.textContent);
    // The +/~/− marks are aria-hidden; screen readers hear Added/Changed/Removed.
    expect(items('Providers')).toEqual(['Added: + anthropic', 'Changed: ~ openai (baseUrl)']);
    expect(items('Models')).toEqual(['Removed: − gpt-3.5-turbo (deployments removed, catalog entry kept)']);
    expect(items('Teams')).toEqual(['Added: + Research']);
    expect(within(preview).queryByRole('region', { name: 'Policies' })).not.toBeInTheDocument();

    fireEvent.click(within(preview).getByRole('button', { name: 'Apply these changes' }));
    expect(await screen.findByRole('status')).toHaveTextContent('The config is now at version 8');
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual(['/api/v1/config/import/preview', '/api/v1/config/import']);
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body))).toEqual({ yaml: 'providers: []\n' });
    expect(JSON.parse(String(fetchMock.mock.calls[1][1]?.body))).toEqual({ yaml: 'providers: []\n', expectedVersion: 7 });
  });

  it('lists every refused part of the file', async () => {
    fetchMock.mockResolvedValueOnce(
      json(
        {
          type: 'urn:sluice:problem:config-not-importable',
          title: 'Unprocessable Entity',
          status: 422,
          detail: 'The file has parts an organization does not take from a config file.',
          errors: [
            { path: 'keys', message: 'API keys are not imported' },
            { path: 'server.port', message: 'server settings are not imported' },
          ],
        },
        422,
      ),
    );
    render(<Harness initial={'keys: []\n'} />);
    fireEvent.click(screen.getByRole('button', { name: 'Preview changes' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The file has parts an organization does not take from a config file.');
    expect(within(alert).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['keys: API keys are not imported', 'server.port: server settings are not imported']);
  });

  it('says when the file changes nothing, and offers no apply; a stale preview is refused with what to do', async () => {
    fetchMock.mockResolvedValueOnce(json({ baseVersion: 3, diff: { providers: empty, models: empty, teams: { added: [] }, policies: empty }, summary: { added: 0, changed: 0, removed: 0 } }));
    render(<Harness initial={'providers: []\n'} />);
    fireEvent.click(screen.getByRole('button', { name: 'Preview changes' }));
    expect(await screen.findByText('Nothing would change: the file matches the stored config.')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Apply these changes' })).toBeDisabled();

    fetchMock
      .mockResolvedValueOnce(json({ baseVersion: 3, diff, summary: { added: 2, changed: 1, removed: 1 } }))
      .mockResolvedValueOnce(json({ type: 'urn:sluice:problem:version-mismatch', title: 'Conflict', status: 409, detail: 'The config is at version 4, not 3: preview again and retry.' }, 409));
    fireEvent.change(screen.getByLabelText('Config YAML'), { target: { value: 'providers: [x]\n' } });
    expect(screen.queryByRole('region', { name: 'Preview' })).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Preview changes' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Apply these changes' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('The config is at version 4, not 3: preview again and retry.'));
  });

  it('reads an uploaded file into the editor', async () => {
    render(<Harness />);
    const file = new File(['models: []\n'], 'config.yaml', { type: 'application/yaml' });
    Object.defineProperty(file, 'text', { value: async () => 'models: []\n' });
    fireEvent.change(screen.getByLabelText('Upload a file'), { target: { files: [file] } });
    await waitFor(() => expect(screen.getByLabelText('Config YAML')).toHaveValue('models: []\n'));
  });
});

import '@testing-library/jest-dom';
import { fireEvent, render, screen } from '@testing-library/react';
import { CodeBlock } from './code-block';

const samples = [
  { id: 'curl', label: 'curl', code: 'curl https://gw/v1/models' },
  { id: 'python', label: 'Python', code: 'from openai import OpenAI' },
  { id: 'ts', label: 'TypeScript', code: "import OpenAI from 'openai';" },
];

describe('CodeBlock', () => {
  it('shows the first sample in a tab panel named by its tab', () => {
    render(<CodeBlock label="Call the gateway" samples={samples} />);
    expect(screen.getByRole('tablist', { name: 'Call the gateway' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'curl' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel', { name: 'curl' })).toHaveTextContent('curl https://gw/v1/models');
  });

  it('moves between tabs with the arrow keys, wrapping around, with one tab stop', () => {
    render(<CodeBlock label="Call the gateway" samples={samples} />);
    const curl = screen.getByRole('tab', { name: 'curl' });
    fireEvent.keyDown(curl, { key: 'ArrowLeft' });
    const ts = screen.getByRole('tab', { name: 'TypeScript' });
    expect(ts).toHaveFocus();
    expect(ts).toHaveAttribute('tabindex', '0');
    expect(curl).toHaveAttribute('tabindex', '-1');
    expect(screen.getByRole('tabpanel')).toHaveTextContent("import OpenAI from 'openai';");
    fireEvent.keyDown(ts, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'curl' })).toHaveFocus();
  });

  it('copies the visible sample and confirms it', async () => {
    const onCopy = jest.fn();
    render(<CodeBlock label="Call the gateway" samples={samples} onCopy={onCopy} />);
    fireEvent.click(screen.getByRole('tab', { name: 'Python' }));
    fireEvent.click(screen.getByRole('button', { name: 'Copy code' }));
    expect(onCopy).toHaveBeenCalledWith('from openai import OpenAI');
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeInTheDocument();
  });
});

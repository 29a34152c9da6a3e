import '@testing-library/jest-dom';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { ApiError } from '../../api/api-error';
import type { ChatStreamEvent } from './chat-stream';
import { PlaygroundChat } from './playground-chat';
import type { ChatSender, ChatStream } from './playground-client';
import type { PlaygroundChatRequest } from './playground-schemas';

/** A stream the test feeds event by event, to see what the chat shows while a reply is still arriving. */
function controlledStream() {
  const queue: Array<ChatStreamEvent | 'end'> = [];
  let wake: (() => void) | null = null;
  const push = (item: ChatStreamEvent | 'end') => {
    queue.push(item);
    wake?.();
  };
  async function* events(): AsyncGenerator<ChatStreamEvent> {
    for (;;) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      const item = queue.shift() as ChatStreamEvent | 'end';
      if (item === 'end') return;
      yield item;
    }
  }
  return { push, stream: { servedBy: { model: 'gpt-4o-mini', provider: 'mock-openai', requestId: 'req-1' }, events: events() } satisfies ChatStream };
}

const pricing = { 'gpt-4o-mini': { inputPricePer1M: 0.15, outputPricePer1M: 0.6, cachedInputPricePer1M: null } };

function typeAndSend(text: string) {
  fireEvent.change(screen.getByLabelText('Message'), { target: { value: text } });
  fireEvent.click(screen.getByRole('button', { name: 'Send' }));
}

describe('PlaygroundChat', () => {
  it('renders the reply as it streams, then tokens, cost and latency', async () => {
    const { push, stream } = controlledStream();
    const send = jest.fn<ReturnType<ChatSender>, Parameters<ChatSender>>().mockResolvedValue(stream);
    let clock = 1000;
    render(<PlaygroundChat models={['gpt-4o-mini', 'claude-sonnet-4']} pricing={pricing} send={send} now={() => clock} />);

    fireEvent.change(screen.getByLabelText('System prompt'), { target: { value: 'Be brief.' } });
    fireEvent.change(screen.getByLabelText('Temperature'), { target: { value: '0.2' } });
    fireEvent.change(screen.getByLabelText('Max tokens'), { target: { value: '64' } });
    typeAndSend('Say hello');

    expect(await screen.findByText('Waiting for the model…')).toBeVisible();
    const request: PlaygroundChatRequest = send.mock.calls[0][0];
    expect(request).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello' },
      ],
      temperature: 0.2,
      max_tokens: 64,
    });

    clock = 1120;
    await act(async () => push({ type: 'delta', text: 'Hello' }));
    const reply = screen.getByRole('article', { name: 'Reply from gpt-4o-mini' });
    expect(reply).toHaveTextContent('Hello');
    expect(screen.getByRole('log')).toHaveAttribute('aria-busy', 'true');
    expect(within(reply).queryByRole('definition')).not.toBeInTheDocument();

    await act(async () => push({ type: 'delta', text: ', world!' }));
    expect(reply).toHaveTextContent('Hello, world!');

    clock = 1450;
    await act(async () => {
      push({ type: 'usage', usage: { promptTokens: 1000, completionTokens: 2000, cachedTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0 } });
      push('end');
    });
    const stats = await within(reply).findByLabelText('Reply statistics');
    expect(stats).toHaveTextContent('1,000 in · 2,000 out');
    // 1000 × $0.15/1M + 2000 × $0.60/1M = $0.00135
    expect(stats).toHaveTextContent('$0.0014');
    expect(stats).toHaveTextContent('450 ms (first token 120 ms)');
    expect(stats).toHaveTextContent('mock-openai');
    expect(screen.getByRole('log')).toHaveAttribute('aria-busy', 'false');
    expect(screen.getByLabelText('Message')).toHaveValue('');
  });

  it('sends the earlier turns with the next message', async () => {
    const first = controlledStream();
    const second = controlledStream();
    const send = jest.fn<ReturnType<ChatSender>, Parameters<ChatSender>>().mockResolvedValueOnce(first.stream).mockResolvedValueOnce(second.stream);
    render(<PlaygroundChat models={['gpt-4o-mini']} pricing={pricing} send={send} />);
    typeAndSend('One');
    await act(async () => {
      first.push({ type: 'delta', text: 'Uno' });
      first.push('end');
    });
    typeAndSend('Two');
    await screen.findAllByText('Waiting for the model…');
    expect(send.mock.calls[1][0].messages).toEqual([
      { role: 'user', content: 'One' },
      { role: 'assistant', content: 'Uno' },
      { role: 'user', content: 'Two' },
    ]);
  });

  it('shows what the gateway refused, in words, and keeps the conversation usable', async () => {
    const send = jest.fn<ReturnType<ChatSender>, Parameters<ChatSender>>().mockRejectedValueOnce(new ApiError("This API key may not use the model 'gpt-4o-mini'.", 403));
    render(<PlaygroundChat models={['gpt-4o-mini']} pricing={pricing} send={send} />);
    typeAndSend('Hi');
    expect(await screen.findByRole('alert')).toHaveTextContent("This API key may not use the model 'gpt-4o-mini'.");
    expect(screen.getByRole('button', { name: 'Send' })).toBeEnabled();
  });

  it('shows an error that arrives mid-stream under the partial reply', async () => {
    const { push, stream } = controlledStream();
    render(<PlaygroundChat models={['gpt-4o-mini']} pricing={pricing} send={jest.fn().mockResolvedValue(stream)} />);
    typeAndSend('Hi');
    await act(async () => {
      push({ type: 'delta', text: 'Partial' });
      push({ type: 'error', message: 'The upstream provider timed out. Try again.' });
    });
    const reply = screen.getByRole('article', { name: 'Reply from gpt-4o-mini' });
    expect(reply).toHaveTextContent('Partial');
    expect(within(reply).getByRole('alert')).toHaveTextContent('The upstream provider timed out. Try again.');
  });

  it('checks the settings before sending', async () => {
    const send = jest.fn();
    render(<PlaygroundChat models={['gpt-4o-mini']} pricing={pricing} send={send} />);
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Type a message to send.');
    fireEvent.change(screen.getByLabelText('Temperature'), { target: { value: '3' } });
    typeAndSend('Hi');
    expect(await screen.findByRole('alert')).toHaveTextContent('Temperature must be a number from 0 to 2.');
    expect(send).not.toHaveBeenCalled();
  });
});

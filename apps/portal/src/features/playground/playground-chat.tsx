'use client';

import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Badge, Button, cx, EmptyState, focusRing, SelectField, TextField } from '@sluice/ui';
import { formatInteger, formatMs, formatUsd } from '../../format/numbers';
import type { ReplyUsage } from './chat-stream';
import type { ChatSender, ServedBy } from './playground-client';
import { PLAYGROUND_LIMITS, type PlaygroundChatRequest } from './playground-schemas';
import { costOfReply, formatReplyCost, type ModelPricing } from './reply-cost';

interface ReplyStats {
  usage: ReplyUsage | null;
  /** At catalog prices; null when the catalog has no prices for the model. */
  costUsd: number | null;
  latencyMs: number;
  firstTokenMs: number | null;
  servedBy: ServedBy;
}

interface Turn {
  id: number;
  role: 'user' | 'assistant';
  content: string;
  status: 'streaming' | 'done' | 'error' | 'stopped';
  error?: string;
  stats?: ReplyStats;
  model?: string;
}

export interface PlaygroundChatProps {
  /** Models the session key may call. */
  models: readonly string[];
  /** Catalog prices by model name, for the cost of each reply. */
  pricing: Readonly<Record<string, ModelPricing>>;
  send: ChatSender;
  /** Clock for latency; tests pass their own. */
  now?: () => number;
}

const textareaClass = cx('rounded-lg border border-border bg-surface px-3 py-2 text-sm text-fg placeholder:text-fg-muted', focusRing);

/** A chat with one model through the gateway: settings on the side, the conversation streaming in, tokens/cost/latency under each reply. */
export function PlaygroundChat({ models, pricing, send, now = () => performance.now() }: PlaygroundChatProps) {
  const ids = { system: useId(), message: useId(), settings: useId() };
  const [model, setModel] = useState(models[0] ?? '');
  const [systemPrompt, setSystemPrompt] = useState('');
  const [temperature, setTemperature] = useState('0.7');
  const [maxTokens, setMaxTokens] = useState('512');
  const [message, setMessage] = useState('');
  const [turns, setTurns] = useState<Turn[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const nextId = useRef(1);
  const busy = turns.some((t) => t.status === 'streaming');

  useEffect(() => () => abortRef.current?.abort(), []);

  const update = (id: number, change: (turn: Turn) => Turn) => setTurns((all) => all.map((t) => (t.id === id ? change(t) : t)));

  const submit = async (event?: FormEvent<HTMLFormElement>) => {
    event?.preventDefault();
    if (busy) return;
    const text = message.trim();
    const temp = Number(temperature);
    const max = Number(maxTokens);
    if (!model) return setFormError('Choose a model first.');
    if (!text) return setFormError('Type a message to send.');
    if (!Number.isFinite(temp) || temp < 0 || temp > 2) return setFormError('Temperature must be a number from 0 to 2.');
    if (!Number.isInteger(max) || max < 1 || max > PLAYGROUND_LIMITS.maxTokens) return setFormError(`Max tokens must be a whole number from 1 to ${formatInteger(PLAYGROUND_LIMITS.maxTokens)}.`);
    setFormError(null);

    const history = turns.filter((t) => t.status === 'done' || t.role === 'user').map((t) => ({ role: t.role, content: t.content }));
    const request: PlaygroundChatRequest = {
      model,
      messages: [...(systemPrompt.trim() ? [{ role: 'system' as const, content: systemPrompt }] : []), ...history, { role: 'user', content: text }],
      temperature: temp,
      max_tokens: max,
    };
    const userTurn: Turn = { id: nextId.current++, role: 'user', content: text, status: 'done' };
    const reply: Turn = { id: nextId.current++, role: 'assistant', content: '', status: 'streaming', model };
    setTurns((all) => [...all, userTurn, reply]);
    setMessage('');

    const controller = new AbortController();
    abortRef.current = controller;
    const started = now();
    let firstTokenMs: number | null = null;
    let usage: ReplyUsage | null = null;
    let servedBy: ServedBy = { model: null, provider: null, requestId: null };
    const stats = (): ReplyStats => ({ usage, costUsd: usage && pricing[model] ? costOfReply(pricing[model], usage) : null, latencyMs: now() - started, firstTokenMs, servedBy });
    try {
      const stream = await send(request, controller.signal);
      servedBy = stream.servedBy;
      for await (const event of stream.events) {
        if (event.type === 'delta') {
          firstTokenMs ??= now() - started;
          update(reply.id, (t) => ({ ...t, content: t.content + event.text }));
        } else if (event.type === 'usage') {
          usage = event.usage;
        } else {
          throw new Error(event.message);
        }
      }
      const final = stats();
      update(reply.id, (t) => ({ ...t, status: 'done', stats: final }));
    } catch (err) {
      if (controller.signal.aborted) {
        update(reply.id, (t) => ({ ...t, status: 'stopped' }));
      } else {
        const messageText = err instanceof Error ? err.message : String(err);
        update(reply.id, (t) => ({ ...t, status: 'error', error: messageText }));
      }
    } finally {
      if (abortRef.current === controller) abortRef.current = null;
    }
  };

  const onMessageKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <div className="grid gap-6 lg:grid-cols-[18rem_1fr]">
      <section aria-labelledby={ids.settings} className="flex flex-col gap-4 rounded-xl border border-border bg-surface p-4">
        <h2 id={ids.settings} className="text-sm font-semibold text-fg">
          Settings
        </h2>
        <SelectField label="Model" value={model} onChange={(e) => setModel(e.currentTarget.value)} options={models.map((m) => ({ value: m, label: m }))} hint={pricing[model] ? `${formatUsd(pricing[model].inputPricePer1M)} in / ${formatUsd(pricing[model].outputPricePer1M)} out per 1M tokens` : undefined} />
        <div className="flex flex-col gap-1.5">
          <label htmlFor={ids.system} className="text-sm font-medium text-fg">
            System prompt
          </label>
          <textarea id={ids.system} rows={5} value={systemPrompt} maxLength={PLAYGROUND_LIMITS.systemPromptChars} onChange={(e) => setSystemPrompt(e.currentTarget.value)} placeholder="You are a helpful assistant." className={textareaClass} />
        </div>
        <TextField label="Temperature" type="number" inputMode="decimal" min={0} max={2} step={0.1} value={temperature} onChange={(e) => setTemperature(e.currentTarget.value)} hint="0 is focused, 2 is most random." />
        <TextField label="Max tokens" type="number" inputMode="numeric" min={1} max={PLAYGROUND_LIMITS.maxTokens} step={1} value={maxTokens} onChange={(e) => setMaxTokens(e.currentTarget.value)} hint="The longest reply the model may write." />
        <Button variant="secondary" onClick={() => setTurns([])} disabled={busy || turns.length === 0}>
          Clear conversation
        </Button>
      </section>

      <section aria-label="Conversation" className="flex min-h-[28rem] flex-col gap-4 rounded-xl border border-border bg-surface p-4">
        <div role="log" aria-live="polite" aria-busy={busy} aria-label="Messages" className="flex flex-1 flex-col gap-3">
          {turns.length === 0 ? (
            <EmptyState title="Start a conversation" description="Messages go through the gateway with a short-lived key of your team, like any application call: limits, budgets, guardrails and logging apply." />
          ) : (
            turns.map((turn) => <TurnView key={turn.id} turn={turn} />)
          )}
        </div>
        <form onSubmit={submit} aria-label="Send a message" className="flex flex-col gap-2">
          <label htmlFor={ids.message} className="text-sm font-medium text-fg">
            Message
          </label>
          <textarea
            id={ids.message}
            rows={3}
            value={message}
            maxLength={PLAYGROUND_LIMITS.messageChars}
            onChange={(e) => setMessage(e.currentTarget.value)}
            onKeyDown={onMessageKeyDown}
            placeholder="Ask something… (Enter sends, Shift+Enter adds a line)"
            aria-invalid={formError ? true : undefined}
            className={textareaClass}
          />
          {formError && (
            <p role="alert" className="text-sm text-danger">
              {formError}
            </p>
          )}
          <div className="flex justify-end gap-2">
            {busy && (
              <Button variant="secondary" onClick={() => abortRef.current?.abort()}>
                Stop
              </Button>
            )}
            <Button type="submit" loading={busy}>
              Send
            </Button>
          </div>
        </form>
      </section>
    </div>
  );
}

function TurnView({ turn }: { turn: Turn }) {
  const mine = turn.role === 'user';
  return (
    <article
      aria-label={mine ? 'Your message' : `Reply from ${turn.model ?? 'the model'}`}
      className={cx('flex max-w-[85%] flex-col gap-1.5 rounded-xl px-4 py-3 text-sm', mine ? 'self-end bg-accent text-accent-fg' : 'self-start border border-border bg-surface-muted text-fg')}
    >
      <p className="whitespace-pre-wrap break-words">
        {turn.content}
        {turn.status === 'streaming' && (
          <span className="ml-1 inline-block animate-pulse" aria-hidden="true">
            ▍
          </span>
        )}
      </p>
      {turn.status === 'streaming' && turn.content === '' && <span className="text-xs text-fg-muted">Waiting for the model…</span>}
      {turn.status === 'stopped' && <span className="text-xs text-fg-muted">Stopped.</span>}
      {turn.status === 'error' && (
        <p role="alert" className="text-sm font-medium text-danger">
          {turn.error}
        </p>
      )}
      {turn.stats && <ReplyStatsLine stats={turn.stats} />}
    </article>
  );
}

function ReplyStatsLine({ stats }: { stats: ReplyStats }) {
  const { usage } = stats;
  return (
    <dl aria-label="Reply statistics" className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-fg-muted">
      <div className="flex gap-1">
        <dt>Tokens</dt>
        <dd>{usage ? `${formatInteger(usage.promptTokens)} in · ${formatInteger(usage.completionTokens)} out` : 'not reported'}</dd>
      </div>
      <div className="flex gap-1">
        <dt>Cost</dt>
        <dd title="At catalog prices">{stats.costUsd === null ? '—' : formatReplyCost(stats.costUsd)}</dd>
      </div>
      <div className="flex gap-1">
        <dt>Latency</dt>
        <dd>
          {formatMs(stats.latencyMs)}
          {stats.firstTokenMs !== null && ` (first token ${formatMs(stats.firstTokenMs)})`}
        </dd>
      </div>
      {stats.servedBy.provider && (
        <div className="flex gap-1">
          <dt>Served by</dt>
          <dd>
            <Badge tone="neutral">{stats.servedBy.provider}</Badge>
          </dd>
        </div>
      )}
    </dl>
  );
}

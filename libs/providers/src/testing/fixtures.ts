import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatStreamTranslator } from '../core/provider-adapter';
import type { OpenAiChatChunk } from '@sluice/contracts';

export function fixtureText(dir: string, name: string): string {
  return readFileSync(join(dir, 'fixtures', name), 'utf8');
}

export function fixtureBytes(dir: string, name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(dir, 'fixtures', name)));
}

export function fixtureJson<T = unknown>(dir: string, name: string): T {
  return JSON.parse(fixtureText(dir, name)) as T;
}

/** Feeds a whole stream at once, byte by byte, and in 7-byte slices; returns the three results. */
export function translateThreeWays(make: () => ChatStreamTranslator, bytes: Uint8Array): OpenAiChatChunk[][] {
  const run = (sliceSize: number): OpenAiChatChunk[] => {
    const translator = make();
    const out: OpenAiChatChunk[] = [];
    for (let i = 0; i < bytes.length; i += sliceSize) out.push(...translator.push(bytes.subarray(i, i + sliceSize)));
    out.push(...translator.end());
    return out;
  };
  const runs = [run(bytes.length), run(1), run(7)];
  // Providers that send no id or timestamp get a random id and the current second per stream: each
  // must be the same for every chunk of one stream, and is then ignored (runs may straddle a second).
  const referenceId = runs[0][0]?.id;
  const referenceCreated = runs[0][0]?.created;
  return runs.map((chunks) => {
    if (new Set(chunks.map((c) => c.id)).size > 1) throw new Error('chunks of one stream carry different ids');
    if (new Set(chunks.map((c) => c.created)).size > 1) throw new Error('chunks of one stream carry different timestamps');
    return chunks.map((c) => ({ ...c, id: referenceId ?? c.id, created: referenceCreated ?? c.created }));
  });
}

/** Merges a canonical stream into the text, tool calls, finish reason and usage it carries (ids/created ignored). */
export function collectStream(chunks: OpenAiChatChunk[]) {
  let content = '';
  const tools: { id?: string; name?: string; arguments: string }[] = [];
  let finish: string | null = null;
  let usage: OpenAiChatChunk['usage'] = null;
  for (const chunk of chunks) {
    if (chunk.usage) usage = chunk.usage;
    for (const choice of chunk.choices) {
      content += choice.delta.content ?? '';
      for (const call of choice.delta.tool_calls ?? []) {
        tools[call.index] ??= { arguments: '' };
        if (call.id) tools[call.index].id = call.id;
        if (call.function?.name) tools[call.index].name = call.function.name;
        tools[call.index].arguments += call.function?.arguments ?? '';
      }
      if (choice.finish_reason) finish = choice.finish_reason;
    }
  }
  return { content, tools, finish, usage, usageIsLast: chunks.at(-1)?.choices.length === 0 && !!chunks.at(-1)?.usage };
}

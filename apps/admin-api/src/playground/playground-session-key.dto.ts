import { z } from 'zod';

/** How long a playground key lives: it exists only for a browser session of chatting. */
export const PLAYGROUND_KEY_TTL_SECONDS = 60 * 60;
/** A stored key with less than this left is replaced rather than handed out again. */
export const PLAYGROUND_KEY_MIN_REMAINING_SECONDS = 5 * 60;
/** The tag every playground key carries (`metadata.purpose`), so it can be told apart from keys people made. */
export const PLAYGROUND_KEY_TAG = { purpose: 'playground' } as const;

export const playgroundSessionKeyRequestSchema = z.strictObject({
  teamId: z.uuid().optional().describe('The team the key belongs to; by default the first team (by name) the caller belongs to.'),
});
export type PlaygroundSessionKeyRequest = z.output<typeof playgroundSessionKeyRequestSchema>;

export const playgroundSessionKeySchema = z.object({
  keyId: z.uuid(),
  secret: z.string().describe('The key secret (`sk-sluice-…`) for the gateway; the same one is returned while the key is valid.'),
  teamId: z.uuid(),
  teamName: z.string(),
  allowedModels: z.array(z.string()).describe('Models the key may call; empty: every model of the catalog.'),
  expiresAt: z.iso.datetime({ offset: true }),
  createdAt: z.iso.datetime({ offset: true }),
  reused: z.boolean().describe('false when this call minted the key.'),
});
export type PlaygroundSessionKey = z.output<typeof playgroundSessionKeySchema>;

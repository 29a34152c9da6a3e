import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { anthropicCountTokensRequestSchema } from '@sluice/contracts';
import { countAnthropicTokens } from '@sluice/providers';
import { assertModelAllowed } from '../auth/virtual-key-verifier';
import { assertModelServed } from '../proxy/model-availability';
import { ProxyRequestRunner } from '../proxy/proxy-request-runner';
import { parseBody } from './parse-body';

/** POST /v1/messages/count_tokens, answered by the gateway's tokenizer (no upstream call, no cost). */
@Injectable()
export class CountTokensService {
  constructor(private readonly runner: ProxyRequestRunner) {}

  handle(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    return this.runner.run(req, reply, 'messages.count_tokens', async ({ snapshot, key, accounting }) => {
      const body = parseBody(anthropicCountTokensRequestSchema, req.body);
      accounting.model = body.model;
      assertModelAllowed(snapshot, key, body.model);
      assertModelServed(snapshot, body.model);
      await reply.status(200).send({ input_tokens: countAnthropicTokens(body) });
    });
  }
}

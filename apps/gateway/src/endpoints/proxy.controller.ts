import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChatEndpointService } from './chat-endpoint.service';
import { anthropicMessagesFormat, completionsFormat, openAiChatFormat, responsesFormat } from './chat-formats';
import { CountTokensService } from './count-tokens.service';
import { EmbeddingsService } from './embeddings.service';
import { ModelsService } from './models.service';

/** The client-facing API: OpenAI- and Anthropic-compatible routes under /v1. */
@Controller('v1')
export class ProxyController {
  constructor(
    private readonly chat: ChatEndpointService,
    private readonly embeddings: EmbeddingsService,
    private readonly models: ModelsService,
    private readonly countTokens: CountTokensService,
  ) {}

  @Post('chat/completions')
  @HttpCode(200)
  chatCompletions(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.chat.serve(openAiChatFormat, req, reply);
  }

  @Post('responses')
  @HttpCode(200)
  responses(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.chat.serve(responsesFormat, req, reply);
  }

  @Post('completions')
  @HttpCode(200)
  completions(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.chat.serve(completionsFormat, req, reply);
  }

  @Post('messages')
  @HttpCode(200)
  messages(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.chat.serve(anthropicMessagesFormat, req, reply);
  }

  @Post('messages/count_tokens')
  @HttpCode(200)
  messagesCountTokens(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.countTokens.handle(req, reply);
  }

  @Post('embeddings')
  @HttpCode(200)
  embed(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.embeddings.handle(req, reply);
  }

  @Get('models')
  listModels(@Req() req: FastifyRequest): ReturnType<ModelsService['list']> {
    return this.models.list(req);
  }

  @Get('models/:id')
  retrieveModel(@Req() req: FastifyRequest, @Param('id') id: string): ReturnType<ModelsService['retrieve']> {
    return this.models.retrieve(req, id);
  }
}

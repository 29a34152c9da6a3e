import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChatCompletionService } from './chat-completion.service';

@Controller('v1')
export class ChatCompletionsController {
  constructor(private readonly chat: ChatCompletionService) {}

  @Post('chat/completions')
  @HttpCode(200)
  create(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.chat.handle(req, reply);
  }
}

import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { RequirePermission } from '../auth/auth.decorators';
import { principalOf, type AuthenticatedRequest } from '../auth/principal';
import { parseInput } from '../http/parse-body';
import { requestContextOf } from '../http/request-context';
import { ApiRoute } from '../openapi/api-route.decorator';
import { playgroundSessionKeyRequestSchema, playgroundSessionKeySchema, type PlaygroundSessionKey } from './playground-session-key.dto';
import { PlaygroundSessionKeyService } from './playground-session-key.service';

/** The portal playground's gateway key: people who may create their own keys get a short-lived one here. */
@Controller('api/v1/playground')
export class PlaygroundController {
  constructor(private readonly sessionKeys: PlaygroundSessionKeyService) {}

  @RequirePermission('api_keys:manage:own')
  @ApiRoute({
    tag: 'Playground',
    summary: 'A short-lived gateway key for the playground (≤ 1 h, tagged purpose=playground, the team’s models); the same key while it is valid',
    body: playgroundSessionKeyRequestSchema,
    response: { status: 200, description: 'The key and its secret', schema: playgroundSessionKeySchema },
    errors: [404, 409],
  })
  @Post('session-key')
  @HttpCode(200)
  sessionKey(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<PlaygroundSessionKey> {
    return this.sessionKeys.sessionKey(principalOf(request), parseInput(playgroundSessionKeyRequestSchema, body ?? {}), requestContextOf(request));
  }
}

import { PlaygroundController } from './playground.controller';
import { PlaygroundSessionKeyService } from './playground-session-key.service';

export const PLAYGROUND_CONTROLLERS = [PlaygroundController];
export const PLAYGROUND_PROVIDERS = [PlaygroundSessionKeyService];

export * from './env';
export * from './app-env';
export * from './usage-event';
export * from './queues';
export * from './config-snapshot';
export * from './errors';
export * from './openai-chat';
export * from './admin-api';

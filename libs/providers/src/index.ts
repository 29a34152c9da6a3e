export * from './provider-adapter';
export * from './registry';
export * from './sse';

export * from './keys/api-key-secret';
export * from './cost/cost';

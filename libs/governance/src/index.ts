export * from './keys/api-key-secret';

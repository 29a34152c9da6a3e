export * from './keys/api-key-secret';
export * from './cost/cost';
export * from './limits/limit-rule';
export * from './limits/redis-limiter';
export * from './limits/local-limiter';
export * from './admission/budget-period';
export * from './admission/governance-plan';

export const REDIS = Symbol('REDIS');
export const REDIS_SUBSCRIBER = Symbol('REDIS_SUBSCRIBER');
export const REDIS_LIMITS = Symbol('REDIS_LIMITS');
export const REDIS_SETTLEMENTS = Symbol('REDIS_SETTLEMENTS');

export const ADMIN_API_LOGGER = Symbol('ADMIN_API_LOGGER');

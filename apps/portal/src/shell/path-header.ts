/** Set by src/proxy.ts: the path and query of the page being rendered, so a layout can send people back to it. */
export const PATH_HEADER = 'x-sluice-path';

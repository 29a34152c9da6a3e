'use client';

// Inside the shell, so navigation stays usable when one page fails.
export { default } from '../error';

import { resolve } from 'node:path';
import type { NextConfig } from 'next';
import { staticSecurityHeaders } from './src/server/security-headers';

const workspaceRoot = resolve(__dirname, '../..');

// The Content-Security-Policy (per-request nonce) and HSTS (runtime env) are set in src/proxy.ts.
const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The portal never loads remote images: no optimiser fetching other hosts.
  images: { unoptimized: true },
  turbopack: { root: workspaceRoot },
  outputFileTracingRoot: workspaceRoot,
  // `npm test` type-checks the portal in its typecheck stage (tsc, specs included) right after the
  // build, and says so with this variable; every other build checks types itself.
  typescript: { ignoreBuildErrors: process.env.SLUICE_PORTAL_TYPES_CHECKED_SEPARATELY === '1' },
  // A CI build starts from a fresh clone and never reads Turbopack's cache again: do not write it.
  experimental: { turbopackFileSystemCacheForBuild: !process.env.CI },
  async headers() {
    return [{ source: '/:path*', headers: staticSecurityHeaders() }];
  },
};

export default nextConfig;

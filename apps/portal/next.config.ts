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
  async headers() {
    return [{ source: '/:path*', headers: staticSecurityHeaders() }];
  },
};

export default nextConfig;

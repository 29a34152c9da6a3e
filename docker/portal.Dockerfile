# syntax=docker/dockerfile:1
# Sluice portal (Next.js). Build from the repository root:
#   docker build -f docker/portal.Dockerfile -t sluice/portal .

FROM node:20-bookworm-slim AS build
WORKDIR /repo
ENV NX_NO_CLOUD=true NX_DAEMON=false NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 CI=true
COPY . .
RUN npm ci --no-audit --no-fund
RUN npx nx run-many -t build -p @sluice/portal --outputStyle=static
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY --from=build /repo/package.json ./package.json
COPY --from=build /repo/node_modules ./node_modules
COPY --from=build /repo/libs ./libs
COPY --from=build --chown=node:node /repo/apps/portal ./apps/portal
WORKDIR /app/apps/portal
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORTAL_PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["sh", "-c", "exec node ../../node_modules/next/dist/bin/next start --hostname 0.0.0.0 --port ${PORTAL_PORT:-3000}"]

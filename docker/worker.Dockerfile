# syntax=docker/dockerfile:1
# Sluice worker. Build from the repository root:
#   docker build -f docker/worker.Dockerfile -t sluice/worker .

FROM node:20-bookworm-slim AS build
WORKDIR /repo
ENV NX_NO_CLOUD=true NX_DAEMON=false NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 CI=true
COPY . .
RUN npm ci --no-audit --no-fund
RUN npx nx run-many -t build -p @sluice/worker --outputStyle=static
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /repo/package.json ./package.json
COPY --from=build /repo/node_modules ./node_modules
COPY --from=build /repo/libs ./libs
COPY --from=build /repo/apps/worker/package.json ./apps/worker/package.json
COPY --from=build /repo/apps/worker/dist ./apps/worker/dist
RUN mkdir -p /app/.sluice && chown node:node /app/.sluice
USER node
EXPOSE 4200
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.WORKER_HEALTH_PORT||4200)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--max-semi-space-size=4", "apps/worker/dist/main.js"]

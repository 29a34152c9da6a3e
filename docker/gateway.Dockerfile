# syntax=docker/dockerfile:1
# Sluice gateway. Build from the repository root:
#   docker build -f docker/gateway.Dockerfile -t sluice/gateway .

FROM node:20-bookworm-slim AS build
WORKDIR /repo
ENV NX_NO_CLOUD=true NX_DAEMON=false NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 CI=true
COPY . .
RUN npm ci --no-audit --no-fund
RUN npx nx run-many -t build -p @sluice/gateway --outputStyle=static
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=build /repo/package.json ./package.json
COPY --from=build /repo/node_modules ./node_modules
COPY --from=build /repo/libs ./libs
COPY --from=build /repo/apps/gateway/package.json ./apps/gateway/package.json
COPY --from=build /repo/apps/gateway/dist ./apps/gateway/dist
RUN mkdir -p /app/.sluice && chown node:node /app/.sluice
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.GATEWAY_PORT||4000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "apps/gateway/dist/main.js"]

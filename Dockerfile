# syntax=docker/dockerfile:1
# Three stages: dev dependencies to compile, then a runtime image with production dependencies only.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
# Only the manifests (and the driver patch that postinstall applies), so this layer is reused
# until dependencies change.
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci

FROM deps AS build
COPY . .
# tsconfig.build.json compiles src/, adapters/ and db/ to dist/ (rootDir "." keeps the tree), then
# scripts/bundle.mjs bundles that into dist/bundle/ (what runs; packages with native code or data
# files stay in node_modules, see that script).
RUN npm run build
# tsc copies no .sql. Migrations go both to db/migrations (next to the sources' layout) and next to
# the compiled db module, so `new URL('./migrations', import.meta.url)` resolves either way.
RUN mkdir -p dist/db && cp -R db/migrations dist/db/migrations

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/db/migrations ./db/migrations
# Writable only where the bot may write: PGlite's data directory when no DATABASE_URL is set.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
# The slim image has no curl; Node 20's global fetch does the probe. /readyz, not /healthz: with
# Redis or a chat platform down the bot still takes commands ("degraded", 200), so it is healthy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/bundle/main.js"]

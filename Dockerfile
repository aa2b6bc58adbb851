# syntax=docker/dockerfile:1
# zonekeeper image. Node 24 runs the TypeScript sources directly (native type stripping), so the
# image holds src/, package.json and the production node_modules: nothing is compiled.
# In the cluster the root filesystem is read-only and only /tmp is writable (see deploy/).

# Stage 1: production dependencies only. The "node" devDependency, which pins Node for npm
# scripts on a developer's machine, is left out: here the base image's Node 24 runs zonekeeper.
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

# Stage 2: the runtime. Files stay owned by root and read-only to the process.
FROM node:24-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# package.json carries "type": "module", which Node needs to load src/**/*.ts as ES modules.
COPY package.json ./
COPY src ./src
# 65532 ("nonroot"), the uid the manifests run as (runAsUser: 65532).
USER 65532:65532
# /metrics, /healthz and /readyz (--metrics-address, default :7979).
EXPOSE 7979
ENTRYPOINT ["node", "--max-semi-space-size=8", "--optimize-for-size", "/app/src/cli/main.ts"]
CMD ["run"]

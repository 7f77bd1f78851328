# syntax=docker/dockerfile:1
# One image for the api, the worker and the one-shot migrator (see docker-compose.yml); the command picks the role:
#   node dist/api/main.js          (default)
#   node dist/worker/main.js
#   node dist/infra/migrate-cli.js
#
# Node is pinned to the same 20.x release the project is developed and tested on (package.json: engines >= 20.3).
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# ---------------------------------------------------------------------------------------------------------------------
# build: all dependencies, the generated Prisma client, tsc → dist/
# ---------------------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app

# Why `npm install` and not `npm ci`: package-lock.json was written against a registry mirror that serves only this
# platform's optional binaries, so it lacks the other platforms' entries (@swc/core-darwin-*, …). `npm ci` rebuilds
# the tree and refuses any lockfile that is not complete ("Missing: @swc/core-darwin-arm64 from lock file"), on any
# registry. With a lockfile present `npm install --no-save` still installs exactly the locked versions
# (scripts/bootstrap.mjs does the same). Switch to `npm ci` once the lockfile is regenerated against the full registry.
# --ignore-scripts: nothing here needs an install script (tsc and `prisma generate` need no engine download; the
# Temporal core bridge, SWC and esbuild ship prebuilt binaries), in line with "allowScripts" in package.json.
COPY package.json package-lock.json ./
RUN npm install --no-save --no-audit --no-fund --ignore-scripts

# Prisma 7's `prisma generate` needs no engine, but insists that PRISMA_SCHEMA_ENGINE_BINARY names an existing file.
COPY prisma.config.ts ./
COPY prisma ./prisma
RUN PRISMA_SCHEMA_ENGINE_BINARY="$(command -v node)" npx prisma generate

# tsc -p tsconfig.build.json: dist/api/main.js, dist/worker/main.js, dist/infra/migrate-cli.js and the generated
# client as dist/generated/prisma. The sources come in whole (.dockerignore keeps out what does not belong).
COPY . .
RUN npm run build

# ---------------------------------------------------------------------------------------------------------------------
# deps: production dependencies only
# ---------------------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-save --no-audit --no-fund --ignore-scripts \
 && npm cache clean --force

# ---------------------------------------------------------------------------------------------------------------------
# runtime
# ---------------------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app

# Owned by root and read-only for the `node` user that runs the process; the worker's heartbeat file goes to /tmp.
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# infra/migrate.ts looks for the migrations at ../prisma/migrations relative to dist/infra/, i.e. dist/prisma/.
COPY prisma ./dist/prisma
# infra/mdto-validate.ts reads the MDTO XSD at ../standards/mdto/ relative to dist/infra/, i.e. dist/standards/.
COPY standards ./dist/standards
# The worker delivers archive packages here (ZVH_ARCHIEF_MAP); a named volume mounted on it inherits this owner.
RUN mkdir -p /var/lib/zvh/archief && chown node:node /var/lib/zvh/archief

USER node
EXPOSE 3000
CMD ["node", "dist/api/main.js"]

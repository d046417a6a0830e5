# One image for the four apps; docker-compose.yml picks the entry point of each.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./
COPY --from=build /app/apps/notifications/src/templates ./dist/apps/notifications/src/templates
# The writable directories, owned by the user the apps run as: a fresh named volume mounted on /data/files takes
# this owner (Docker copies the image's directory into an empty volume), so the apps can write there.
RUN mkdir -p /data/files /app/var && chown -R node:node /data /app/var
USER node
CMD ["node", "dist/apps/targets/src/main.js"]

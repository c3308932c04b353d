# paylens: API, web app and OTLP receiver in one image. Minimal and not built in this repository's
# CI (no Docker engine there); see docs/deployment.md.
#   docker build -t paylens .
#   docker run -p 127.0.0.1:8080:8080 -p 127.0.0.1:4318:4318 -v paylens-data:/data paylens
# The embedded engine (npm chdb) is a glibc build: keep a Debian-based image, not Alpine.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY store/package.json store/
COPY collector/package.json collector/
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:web

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PAYLENS_HOST=0.0.0.0 \
    PAYLENS_DATA_DIR=/data
WORKDIR /app
# tsx runs the TypeScript sources directly, and the demo needs the OpenTelemetry SDK: the whole
# node_modules is kept (most of its size is the ClickHouse engine).
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/bin ./bin
COPY --from=build /app/store ./store
COPY --from=build /app/collector ./collector
COPY --from=build /app/server ./server
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/dashboards ./dashboards
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080 4318
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PAYLENS_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "bin/paylens.mjs"]
CMD ["all"]

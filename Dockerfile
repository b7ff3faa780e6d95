# nianbao: the extraction service (nianbao serve / nianbao worker). Node 20, sources run through tsx.
FROM node:20-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production \
    NIANBAO_DATA_DIR=/data \
    NIANBAO_HOST=0.0.0.0 \
    NIANBAO_PORT=8080

# A CJK font: the charts' PNG export (sharp renders ECharts' SVG) needs one for the Chinese labels.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-microhei && rm -rf /var/lib/apt/lists/*

# Dependencies first (cached while only sources change). Dev dependencies (pdfkit, vitest, …) stay out.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src

# The data dir holds the PDFs by hash (files/), temp uploads, and PGlite when DATABASE_URL is unset.
# Workers on other machines must see the same files/: mount one shared volume.
RUN mkdir -p /data /inbox && chown node:node /data /inbox
VOLUME /data
USER node
EXPOSE 8080

# /healthz answers 200 when Redis and the database do (Node's fetch: no curl in the slim image).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.NIANBAO_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

# SIGTERM stops gracefully: running jobs finish (see stop_grace_period in docker-compose.yml).
STOPSIGNAL SIGTERM
CMD ["node", "bin/nianbao.js", "serve"]

# One image for the three services; docker-compose.yml picks the entry point.
FROM node:24-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ bubblewrap \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /srv/tandem
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci
COPY . .
RUN npm run build
ENV NODE_ENV=production
CMD ["node", "scripts/start.ts"]

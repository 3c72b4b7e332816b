FROM node:20-bookworm-slim
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm run build
ENV PORT=3000
EXPOSE 3000
CMD ["node", "scripts/start.mjs"]

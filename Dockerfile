# Sleet collector image (infra/ deploys it on ECS Fargate; it also runs anywhere with Docker).
#   docker build -t sleet-collector .
#   docker run -p 8080:8080 -v "$PWD/my-collector.json:/etc/sleet/collector.json:ro" \
#     -e AWS_REGION=eu-west-1 sleet-collector
# The config file format is collector/config/reference.*; the env overrides SLEET_COLLECTOR_PORT,
# SLEET_COLLECTOR_GOOD_STREAM, SLEET_COLLECTOR_BAD_STREAM, SLEET_COLLECTOR_REGION apply on top.
FROM node:22-slim

ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false
WORKDIR /app

# Production dependencies only, exactly as locked; no install scripts run.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit \
 && npm cache clean --force

# The sources (filtered by .dockerignore); bin/sleet.js runs them through tsx, a production dependency.
COPY . .

# /tmp is the only writable path when the root filesystem is read-only (as infra/ runs it): the generated config
# and tsx's compile cache go there. Declared as a VOLUME so that ECS creates the task's /tmp volume with the image's
# /tmp permissions (1777) instead of root-owned 0755, which the non-root user could not write.
VOLUME ["/tmp"]

# Never run as root.
USER node
EXPOSE 8080
CMD ["node", "bin/sleet.js", "collector", "--config", "/etc/sleet/collector.json"]

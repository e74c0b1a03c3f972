#!/usr/bin/env bash
# One command from a fresh clone to a running Bacheca: install, build, database, demo data, processes.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-services.sh
npm install --no-audit --no-fund
bash scripts/make-env.sh
set -a; . ./.env; set +a

npm run build
npm run db:setup
npm run db:migrate
npm run seed:demo

pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM
node dist/apps/api/src/main.js & pids+=($!)
node dist/apps/worker/src/main.js & pids+=($!)

for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:${API_PORT}/health/ready" >/dev/null && break; sleep 0.5; done
cat <<INFO

  Bacheca is running.
    API            http://127.0.0.1:${API_PORT}/api/v1
    API docs       http://127.0.0.1:${API_PORT}/api/docs
    Worker health  http://127.0.0.1:${WORKER_HEALTH_PORT}/health
  Demo logins use the password DEMO_PASSWORD=${DEMO_PASSWORD} (from .env).
  Ctrl-C stops everything.

INFO
wait -n

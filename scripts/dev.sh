#!/usr/bin/env bash
# One command from a fresh clone to a running Bacheca: install, build, database, demo data, and the
# processes (API with the admin app, worker, and the local WhatsApp sandbox standing in for Meta).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-services.sh
npm install --no-audit --no-fund
bash scripts/make-env.sh
set -a; . ./.env; set +a

npm run build
npm run build:admin
npm run db:setup
npm run db:migrate

pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM
SANDBOX_CALLBACK_URL="${SANDBOX_CALLBACK_URL:-${PUBLIC_BASE_URL}/webhooks/whatsapp}" node dist/apps/sandbox/src/main.js & pids+=($!)
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:${SANDBOX_PORT}/_sandbox/health" >/dev/null && break; sleep 0.5; done
npm run seed:demo
node dist/apps/api/src/main.js & pids+=($!)
node dist/apps/worker/src/main.js & pids+=($!)

for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:${API_PORT}/health/ready" >/dev/null && break; sleep 0.5; done
cat <<INFO

  Bacheca is running.
    Admin app       http://127.0.0.1:${API_PORT}/admin/
    API docs        http://127.0.0.1:${API_PORT}/api/docs
    Sandbox phone   http://127.0.0.1:${SANDBOX_PORT}/phone   (write ATTIVA to a town's number as a citizen)
    Sandbox console http://127.0.0.1:${SANDBOX_PORT}/console (a new test number for the onboarding wizard)
    Worker health   http://127.0.0.1:${WORKER_HEALTH_PORT}/health/ready
    Metrics         /metrics on both, with the header "Authorization: Bearer \$METRICS_TOKEN" (.env)
    Queue dashboard as provider staff: admin app, page "Code"
  Demo logins above use the password ${DEMO_PASSWORD} (DEMO_PASSWORD in .env).
  Ctrl-C stops everything.

INFO
wait -n

#!/usr/bin/env bash
# All the tests: unit (pure code) then integration (real PostgreSQL and Redis, one database per suite).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-services.sh
npx tsc -p tsconfig.json --noEmit
npx eslint .
npx jest --selectProjects unit
npx jest --selectProjects integration --runInBand

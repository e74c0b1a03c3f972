#!/usr/bin/env bash
# All the tests: static checks, unit (pure code), then integration (real PostgreSQL and Redis, one
# database per suite), which includes the end-to-end suites and the admin app in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-services.sh
bash scripts/ensure-chromium.sh
npm run build:admin
npx tsc -p tsconfig.json --noEmit
npx eslint .
npx jest --selectProjects unit
npx jest --selectProjects integration --runInBand

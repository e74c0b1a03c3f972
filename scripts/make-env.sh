#!/usr/bin/env bash
# Creates .env from .env.example with fresh secrets, once. An existing .env is left alone.
set -euo pipefail
[ -f .env ] && exit 0
rand() { node -e "process.stdout.write(require('crypto').randomBytes($1).toString('base64'))"; }
tok() { node -e "process.stdout.write(require('crypto').randomBytes(24).toString('base64url'))"; }
pw() { node -e "process.stdout.write(require('crypto').randomBytes(12).toString('base64url'))"; }
sed -e "s|^JWT_SECRET=.*|JWT_SECRET=$(rand 48)|" \
    -e "s|^ENCRYPTION_KEY=.*|ENCRYPTION_KEY=$(rand 32)|" \
    -e "s|^BLIND_INDEX_KEY=.*|BLIND_INDEX_KEY=$(rand 32)|" \
    -e "s|^METRICS_TOKEN=.*|METRICS_TOKEN=$(tok)|" \
    -e "s|^DEMO_PASSWORD=.*|DEMO_PASSWORD=demo-$(pw)|" .env.example > .env
echo "created .env with fresh secrets"

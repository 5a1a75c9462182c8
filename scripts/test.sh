#!/usr/bin/env bash
# The one test command (npm test, and .ci/run): type-check, then every vitest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npx svelte-kit sync
npx svelte-check --tsconfig ./tsconfig.json --threshold error --output human
npx vitest run

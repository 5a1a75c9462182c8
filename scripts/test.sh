#!/usr/bin/env bash
# The one test command (npm test, and .ci/run): type-check, lint, build the site,
# then every vitest suite — including the one that parses the fixtures in
# Debian's Chromium (tests/browser), which needs build/ and /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npx svelte-kit sync
npx svelte-check --tsconfig ./tsconfig.json --threshold error --output human
# Layout (Prettier) and rules (ESLint): the same check a contributor runs with npm run lint.
npm run --silent lint

# The browser test drives Debian's own Chromium (playwright-core never downloads
# one) and needs a CJK font to render the Chinese page it screenshots.
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
if command -v dpkg-query >/dev/null && ! dpkg-query -W -f='${Status}' fonts-wqy-microhei 2>/dev/null | grep -q 'ok installed'; then
  need+=(fonts-wqy-microhei)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${need[*]} for the browser test (apt-get)…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}"
  else
    # Not fatal here, so the other suites still run; the browser test then fails and says why.
    echo "The browser test needs Debian packages: ${need[*]}" >&2
    echo "Install them as root:  apt-get install ${need[*]}" >&2
  fi
fi

# The browser test serves this build (with the embedded data); it builds nothing itself.
npm run --silent data
npx vite build
npx vitest run

#!/usr/bin/env bash
# The production path, as an operator runs it: the output of `npm run build` with only the
# runtime dependencies (`npm ci --omit=dev`, no tsx, no vite) serves the demo with `node`.
# Run after `npm run build`; used by .ci/run. Exits non-zero when the server does not answer.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
port=${CHECK_PORT:-3917}
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$dir"' EXIT
cp -r package.json package-lock.json dist "$dir/"
(cd "$dir" && npm ci --omit=dev --prefer-offline --no-audit --no-fund --loglevel=error)
if [ -e "$dir/node_modules/tsx" ] || [ -e "$dir/node_modules/vite" ]; then
  echo "tsx or vite is installed with --omit=dev: they must be devDependencies" >&2; exit 1
fi
# One day of demo activity (the default three weeks take a minute on the embedded database).
(cd "$dir" && PORT=$port HOST=127.0.0.1 DEMO_ACTIVITY_DAYS=1 exec node dist/server/cli.js serve >"$dir/server.log" 2>&1) &
pid=$!
for _ in $(seq 1 180); do
  if curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; then break; fi
  kill -0 "$pid" 2>/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  sleep 1
done
curl -sf "http://127.0.0.1:$port/readyz" >/dev/null || { echo "no answer on /readyz" >&2; cat "$dir/server.log" >&2; exit 1; }
curl -sf "http://127.0.0.1:$port/" | grep -q '<div id="root"' || { echo "the web app is not served" >&2; exit 1; }
curl -sf "http://127.0.0.1:$port/api/provinces" | grep -q '"MI"' || { echo "no demo data" >&2; exit 1; }
echo "production build: served the demo from dist/ with runtime dependencies only"

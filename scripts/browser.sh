#!/usr/bin/env bash
# Browser tests of the panel: Debian's Chromium driven by playwright-core (tests/browser),
# against a real `pofuai serve --demo --offline` on a free loopback port with a fresh data
# directory. One flow per role, axe-core on every page at 390 px and 1280 px, the README's
# screenshots written into docs/. Exits non-zero on any failure.
#
#   scripts/browser.sh                  # builds target/debug/pofuai first
#   BROWSER_TESTS='flows' scripts/browser.sh   # only test files whose name contains "flows"
set -euo pipefail
cd "$(dirname "$0")/.."

if ! [ -x /usr/bin/chromium ]; then
  echo "== installing chromium"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "== installing nodejs and npm"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
if ! (cd tests/browser && npm ls --silent >/dev/null 2>&1); then
  echo "== npm ci (tests/browser)"
  (cd tests/browser && npm ci --no-audit --no-fund --silent)
fi

echo "== building pofuai (debug)"
nice -n 10 cargo build -q -p pofuai
bin=$PWD/target/debug/pofuai

# shellcheck source=scripts/demo-server.sh
. scripts/demo-server.sh
start_demo_server "$bin"
echo "== browser tests against $DEMO_BASE"

started=$SECONDS
status=0
files=()
for f in tests/browser/*.test.mjs; do
  case "$f" in *"${BROWSER_TESTS:-}"*) files+=("$f") ;; esac
done
POFUAI_BASE=$DEMO_BASE CHROMIUM=/usr/bin/chromium DOCS_DIR=$PWD/docs \
  node --test --test-concurrency=1 --test-reporter=spec "${files[@]}" || status=$?
echo "== browser tests took $((SECONDS - started)) s"
if [ "$status" -ne 0 ]; then
  echo "== server log (tail)"; tail -n 50 "$DEMO_WORK/server.log"
fi
exit "$status"

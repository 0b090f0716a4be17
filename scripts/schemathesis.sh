#!/usr/bin/env bash
# Fuzzes the API from its own OpenAPI document with schemathesis, as a seller and as an admin,
# against a real `pofuai serve --demo` on a free loopback port with a fresh data directory.
# Any server error, answer outside the documented schema, undocumented status code or wrong
# content type fails the run. Bounded: a few examples per operation, a time budget per role.
#
# The server runs with `--offline`, so no operation can reach beyond this machine (image URLs,
# channel hosts and the AI provider are refused or skipped without a DNS lookup); every
# operation is fuzzed but `/api/auth/logout`, which would end the run's own session.
#
#   scripts/schemathesis.sh                   # builds target/debug/pofuai first
#   ST_MAX_EXAMPLES=20 ST_MAX_TIME=300 scripts/schemathesis.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ST_VERSION=4.32.5
PYTHON=${PYTHON:-python3}
if [ "$($PYTHON -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null)" != "$ST_VERSION" ]; then
  echo "== installing schemathesis $ST_VERSION"
  $PYTHON -m pip install -q --disable-pip-version-check "schemathesis==$ST_VERSION"
fi

echo "== building pofuai (debug)"
cargo build -q -p pofuai
bin=target/debug/pofuai

work=$(mktemp -d)
port=$($PYTHON -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Rate limits are raised out of the fuzzer's way (they have their own tests); login
# throttling stays on, and its 429 is a documented answer.
POFUAI_DATA_DIR="$work/data" POFUAI_BIND="127.0.0.1:$port" POFUAI_OFFLINE=true \
  POFUAI_RATE_LIMIT_GLOBAL=100000 POFUAI_RATE_LIMIT_PER_IP=100000 \
  POFUAI_RATE_LIMIT_PER_TOKEN=100000 POFUAI_LOG=warn \
  "$bin" serve --demo >"$work/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 240); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the server exited:"; cat "$work/server.log"; exit 1
  fi
  sleep 0.5
done
curl -fsS "$base/healthz" >/dev/null

login() {
  curl -fsS "$base/api/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$2\"}" | $PYTHON -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
seller_token=$(login satici@pofuai.demo Demo-Satici-2026)
admin_token=$(login yonetici@pofuai.demo Demo-Yonetici-2026)

checks=not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance
status=0
for role in seller admin; do
  token_var="${role}_token"
  echo "== schemathesis as $role"
  $PYTHON -m schemathesis.cli run "$base/api/openapi.json" \
    --header "Authorization: Bearer ${!token_var}" \
    --checks "$checks" \
    --phases examples,coverage,fuzzing \
    --max-examples "${ST_MAX_EXAMPLES:-8}" \
    --max-time "${ST_MAX_TIME:-100}" \
    --request-timeout 30 \
    --seed "${ST_SEED:-9}" \
    --generation-database none \
    --exclude-path /api/auth/logout \
    --no-color \
    --warnings off || status=$?
done
if [ "$status" -ne 0 ]; then
  echo "== server log (tail)"; tail -n 50 "$work/server.log"
fi
exit "$status"

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

# shellcheck source=scripts/demo-server.sh
. scripts/demo-server.sh
start_demo_server "$bin"
base=$DEMO_BASE

login() {
  curl -fsS "$base/api/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$2\"}" | $PYTHON -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
seller_token=$(login satici@pofuai.demo Demo-Satici-2026)
admin_token=$(login yonetici@pofuai.demo Demo-Yonetici-2026)

checks=not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance
status=0
# /api/events is an endless event stream: every valid request would run into the request
# timeout. Its behaviour is tested in crates/pofuai-web/tests/api/events.rs.
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
    --exclude-path /api/events \
    --no-color \
    --warnings off || status=$?
done
if [ "$status" -ne 0 ]; then
  echo "== server log (tail)"; tail -n 50 "$DEMO_WORK/server.log"
fi
exit "$status"

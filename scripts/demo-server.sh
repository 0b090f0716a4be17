#!/usr/bin/env bash
# Shared by the scripts that test against a live server (schemathesis.sh, browser.sh); source it.
#
#   start_demo_server BIN   starts `BIN serve --demo --offline` on a free loopback port with a
#                           fresh data directory, waits until /readyz answers, and sets
#                           DEMO_BASE (http://127.0.0.1:PORT), DEMO_WORK (the temporary
#                           directory, removed at exit) and DEMO_PID. The server's output goes
#                           to $DEMO_WORK/server.log. An EXIT trap stops the server.
#
# Extra environment for the server can be passed as DEMO_ENV=(NAME=value ...) before the call.
# Rate limits are raised out of the tests' way (they have their own tests); login throttling
# stays on.

demo_server_cleanup() {
  if [ -n "${DEMO_PID:-}" ]; then
    kill "$DEMO_PID" 2>/dev/null || true
    wait "$DEMO_PID" 2>/dev/null || true
  fi
  if [ -n "${DEMO_WORK:-}" ]; then rm -rf "$DEMO_WORK"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

start_demo_server() {
  local bin=$1 port deadline
  DEMO_WORK=$(mktemp -d)
  trap demo_server_cleanup EXIT
  port=$(free_port)
  DEMO_BASE="http://127.0.0.1:$port"
  env POFUAI_DATA_DIR="$DEMO_WORK/data" POFUAI_BIND="127.0.0.1:$port" POFUAI_OFFLINE=true \
    POFUAI_RATE_LIMIT_GLOBAL=100000 POFUAI_RATE_LIMIT_PER_IP=100000 \
    POFUAI_RATE_LIMIT_PER_TOKEN=100000 POFUAI_LOG=warn ${DEMO_ENV[@]+"${DEMO_ENV[@]}"} \
    "$bin" serve --demo >"$DEMO_WORK/server.log" 2>&1 &
  DEMO_PID=$!
  # Polled, not slept on: the demo seeds its catalogue before it binds, so the first answer
  # of /readyz means the data is there. Bounded at two minutes (a cold debug build on 2 cores).
  deadline=$((SECONDS + 120))
  until curl -fsS "$DEMO_BASE/readyz" >/dev/null 2>&1; do
    if ! kill -0 "$DEMO_PID" 2>/dev/null; then
      echo "the server exited:"; cat "$DEMO_WORK/server.log"; return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "the server did not become ready in 120 s:"; tail -n 50 "$DEMO_WORK/server.log"; return 1
    fi
    sleep 0.2
  done
  export DEMO_BASE DEMO_WORK DEMO_PID
}

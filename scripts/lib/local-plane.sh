# A local control plane for the benchmarks: moto_server and `fogbank local` on ephemeral loopback
# ports, their data in a folder of the caller's. Needs common.sh, $FOGBANK_MOTO_SERVER
# (fogbank_find_moto) and a built CLI.
# shellcheck shell=bash

# Starts both; sets FOGBANK_PLANE_ENDPOINT (moto's URL), FOGBANK_PLANE_API (the API's URL) and the
# pids fogbank_stop_local_plane stops. Returns 1, with fogbank local's last lines on stderr, when
# the API did not come up within a minute.
# Usage: fogbank_start_local_plane WORK_DIR TOKEN
fogbank_start_local_plane() {
  local work="$1" token="$2" port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$FOGBANK_MOTO_SERVER" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
  FOGBANK_PLANE_MOTO_PID=$!
  FOGBANK_PLANE_ENDPOINT="http://127.0.0.1:$port"
  for _ in $(seq 100); do
    curl -fs "$FOGBANK_PLANE_ENDPOINT/moto-api/" >/dev/null 2>&1 && break
    sleep 0.1
  done
  "$FOGBANK_ROOT/scripts/fogbank" local --port 0 --aws-endpoint "$FOGBANK_PLANE_ENDPOINT" \
    --token "$token" --no-profile --data-dir "$work/data" --drop-dir "$work/drop" \
    >"$work/fogbank.out" 2>"$work/fogbank.err" &
  FOGBANK_PLANE_PID=$!
  for _ in $(seq 600); do
    grep -q "fogbank local ready" "$work/fogbank.out" 2>/dev/null && break
    sleep 0.1
  done
  FOGBANK_PLANE_API=$(sed -n 's/^fogbank local ready: //p' "$work/fogbank.out")
  if [ -z "$FOGBANK_PLANE_API" ]; then
    echo "fogbank: fogbank local did not start:" >&2
    tail -20 "$work/fogbank.err" >&2
    return 1
  fi
}

# Stops what fogbank_start_local_plane started (safe to call when it did not start).
fogbank_stop_local_plane() {
  if [ -n "${FOGBANK_PLANE_PID:-}" ] && kill "$FOGBANK_PLANE_PID" 2>/dev/null; then
    wait "$FOGBANK_PLANE_PID" 2>/dev/null || true
  fi
  if [ -n "${FOGBANK_PLANE_MOTO_PID:-}" ]; then kill "$FOGBANK_PLANE_MOTO_PID" 2>/dev/null || true; fi
  FOGBANK_PLANE_PID=""
  FOGBANK_PLANE_MOTO_PID=""
}

# Shared by the scripts: find a JDK >= 21, Maven, and the repository root.
# shellcheck shell=bash
FOGBANK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

fogbank_java_major() {
  "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}

# Sets JAVA_HOME to a JDK >= 21: JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm.
fogbank_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(fogbank_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 21 ]; then export JAVA_HOME; return 0; fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(fogbank_java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "fogbank: no JDK >= 21 found (JAVA_HOME=${JAVA_HOME:-unset}, nothing suitable under /usr/lib/jvm)." >&2
    echo "fogbank: install one (e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+) and set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

fogbank_require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "fogbank: Maven (mvn) is required: 'apt-get install maven' or put mvn on PATH." >&2
    return 1
  fi
}

fogbank_setup() {
  fogbank_find_jdk || exit 1
  fogbank_require_maven || exit 1
  export PATH="$JAVA_HOME/bin:$PATH"
  export DDB_LOCAL_TELEMETRY=0
}

# Finds moto_server (preinstalled here); on machines with PyPI, installs it into a venv.
# cfn-lint, which the tests run on the synthesized control-plane template: PATH, the project's
# tools venv, else a pip install into it (where PyPI is reachable). Exports FOGBANK_CFN_LINT.
fogbank_find_cfn_lint() {
  if [ -n "${FOGBANK_CFN_LINT:-}" ] && [ -x "$FOGBANK_CFN_LINT" ]; then return 0; fi
  if command -v cfn-lint >/dev/null 2>&1; then
    FOGBANK_CFN_LINT="$(command -v cfn-lint)"; export FOGBANK_CFN_LINT; return 0
  fi
  local venv="$FOGBANK_ROOT/.fogbank-tools/venv"
  if [ -x "$venv/bin/cfn-lint" ]; then
    FOGBANK_CFN_LINT="$venv/bin/cfn-lint"; export FOGBANK_CFN_LINT; return 0
  fi
  if command -v python3 >/dev/null 2>&1; then
    echo "fogbank: cfn-lint not found; trying 'pip install cfn-lint' into $venv" >&2
    if { [ -x "$venv/bin/pip" ] || python3 -m venv "$venv" >/dev/null 2>&1; } \
      && "$venv/bin/pip" install --quiet 'cfn-lint>=1.51,<2' >/dev/null 2>&1; then
      FOGBANK_CFN_LINT="$venv/bin/cfn-lint"; export FOGBANK_CFN_LINT; return 0
    fi
  fi
  return 1
}

fogbank_find_moto() {
  if [ -n "${FOGBANK_MOTO_SERVER:-}" ] && [ -x "$FOGBANK_MOTO_SERVER" ]; then return 0; fi
  if command -v moto_server >/dev/null 2>&1; then
    FOGBANK_MOTO_SERVER="$(command -v moto_server)"; export FOGBANK_MOTO_SERVER; return 0
  fi
  local venv="$FOGBANK_ROOT/.fogbank-tools/venv"
  if [ -x "$venv/bin/moto_server" ]; then
    FOGBANK_MOTO_SERVER="$venv/bin/moto_server"; export FOGBANK_MOTO_SERVER; return 0
  fi
  if command -v python3 >/dev/null 2>&1; then
    echo "fogbank: moto_server not found; trying 'pip install moto[server]' into $venv" >&2
    if python3 -m venv "$venv" >/dev/null 2>&1 \
      && "$venv/bin/pip" install --quiet 'moto[server]>=5.1' >/dev/null 2>&1; then
      FOGBANK_MOTO_SERVER="$venv/bin/moto_server"; export FOGBANK_MOTO_SERVER; return 0
    fi
  fi
  return 1
}

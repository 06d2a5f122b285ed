# Shared by the scripts: find a JDK >= 21, Maven, and the repository root.
# shellcheck shell=bash
FOGBANK_ROOT="${BASH_SOURCE[0]%/*}"
[ "$FOGBANK_ROOT" != "${BASH_SOURCE[0]}" ] || FOGBANK_ROOT=.
FOGBANK_ROOT="$(cd "$FOGBANK_ROOT/../.." && pwd)"

fogbank_java_major() {
  # The JDK's release file says its version without starting a JVM (half a second on this machine,
  # paid by every CLI command), read here without a subprocess either; java -version only where a
  # JDK has no release file.
  local line version=""
  if [ -f "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in
        JAVA_VERSION=*) version="${line#JAVA_VERSION=}"; version="${version//\"/}"; break ;;
      esac
    done <"$1/release"
  fi
  if [ -z "$version" ]; then
    version=$("$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
  fi
  case "$version" in
    1.*) version="${version#1.}"; printf '%s\n' "${version%%[!0-9]*}" ;;
    *) printf '%s\n' "${version%%[!0-9]*}" ;;
  esac
}

# Sets JAVA_HOME to a JDK >= 21: JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm;
# FOGBANK_JAVA_MAJOR to its feature version (21, 25, ...).
fogbank_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(fogbank_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 21 ]; then export JAVA_HOME FOGBANK_JAVA_MAJOR="$major"; return 0; fi
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
  export JAVA_HOME="$best" FOGBANK_JAVA_MAJOR="$best_major"
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

# A Python tool the tests or the local runtime run, exported as $VARIABLE: $VARIABLE if it names
# an executable, else PATH, else the project's tools venv, else a pip install into that venv
# (bounded retries: where PyPI is unreachable this fails within seconds, not minutes).
# Usage: fogbank_find_python_tool VARIABLE COMMAND PIP_REQUIREMENT
fogbank_find_python_tool() {
  local variable="$1" command="$2" requirement="$3"
  local venv="$FOGBANK_ROOT/.fogbank-tools/venv" configured="${!1:-}" found=""
  if [ -n "$configured" ] && [ -x "$configured" ]; then
    found="$configured"
  elif command -v "$command" >/dev/null 2>&1; then
    found="$(command -v "$command")"
  elif [ -x "$venv/bin/$command" ]; then
    found="$venv/bin/$command"
  elif command -v python3 >/dev/null 2>&1; then
    echo "fogbank: $command not found; trying 'pip install \"$requirement\"' into $venv" >&2
    if { [ -x "$venv/bin/pip" ] || python3 -m venv "$venv" >/dev/null 2>&1; } \
      && "$venv/bin/pip" install --quiet --disable-pip-version-check --retries 1 --timeout 15 \
        "$requirement" >/dev/null 2>&1 \
      && [ -x "$venv/bin/$command" ]; then
      found="$venv/bin/$command"
    else
      echo "fogbank: could not pip-install $command (is PyPI reachable?)" >&2
    fi
  fi
  [ -n "$found" ] || return 1
  printf -v "$variable" '%s' "$found"
  export "${variable?}"
}

# cfn-lint, which the tests run on the synthesized control-plane template.
fogbank_find_cfn_lint() {
  fogbank_find_python_tool FOGBANK_CFN_LINT cfn-lint 'cfn-lint>=1.51,<2'
}

# openapi-spec-validator, which the tests run on docs/api/openapi.yaml.
fogbank_find_openapi_validator() {
  fogbank_find_python_tool FOGBANK_OPENAPI_SPEC_VALIDATOR openapi-spec-validator \
    'openapi-spec-validator>=0.7'
}

# moto_server (preinstalled here), the AWS emulator of the tests and of the local runtime.
fogbank_find_moto() {
  fogbank_find_python_tool FOGBANK_MOTO_SERVER moto_server 'moto[server]>=5.1'
}

# Headless Chromium and its driver, which the browser tests (the console in a real browser) drive:
# $FOGBANK_CHROMIUM / $FOGBANK_CHROMEDRIVER if set (they must name executables), else chromium and
# chromedriver on PATH, else Debian's packages installed with apt-get (as root, or with sudo -n),
# saying so. Exports both paths; returns 1 when either is still missing.
fogbank_find_chromium() {
  local sudo=""
  if ! fogbank_chromium_paths && [ -z "${FOGBANK_CHROMIUM:-}${FOGBANK_CHROMEDRIVER:-}" ]; then
    [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
    if ! command -v apt-get >/dev/null 2>&1; then
      echo "fogbank: chromium/chromedriver not found, and no apt-get to install them with" >&2
    elif [ -n "$sudo" ] && ! sudo -n true >/dev/null 2>&1; then
      echo "fogbank: chromium/chromedriver not found; installing them needs root (sudo -n fails)" >&2
    else
      echo "fogbank: chromium/chromedriver not found; installing them for the browser tests:" \
        "${sudo:+$sudo }apt-get update && ${sudo:+$sudo }apt-get install -y chromium chromium-driver" >&2
      { $sudo apt-get update -qq >/dev/null \
        && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver \
          >/dev/null; } || echo "fogbank: apt-get could not install chromium chromium-driver" >&2
    fi
  fi
  fogbank_chromium_paths || return 1
  export FOGBANK_CHROMIUM FOGBANK_CHROMEDRIVER
}

# Sets FOGBANK_CHROMIUM and FOGBANK_CHROMEDRIVER to what is there (a set variable is kept only if
# it names an executable); returns 1 if either is missing.
fogbank_chromium_paths() {
  local browser="${FOGBANK_CHROMIUM:-}" driver="${FOGBANK_CHROMEDRIVER:-}"
  if [ -n "$browser" ]; then [ -x "$browser" ] || return 1; else
    browser="$(command -v chromium || true)"; fi
  if [ -n "$driver" ]; then [ -x "$driver" ] || return 1; else
    driver="$(command -v chromedriver || true)"; fi
  [ -n "$browser" ] && [ -n "$driver" ] || return 1
  FOGBANK_CHROMIUM="$browser"; FOGBANK_CHROMEDRIVER="$driver"
}

# The ASL conformance corpus, looked for as statemachines' AslConformanceTest does:
# $FOGBANK_ASL_CONFORMANCE_DIR, else shared/asl-conformance in the checkout or a folder above it
# (e.g. ../shared/asl-conformance beside the checkout's folder). Exports FOGBANK_ASL_CONFORMANCE_DIR
# so that the test reads the same folder.
fogbank_find_asl_corpus() {
  local dir
  if [ -n "${FOGBANK_ASL_CONFORMANCE_DIR:-}" ]; then
    if [ -d "$FOGBANK_ASL_CONFORMANCE_DIR" ]; then return 0; fi
    return 1
  fi
  dir="$FOGBANK_ROOT"
  while :; do
    if [ -d "$dir/shared/asl-conformance" ]; then
      FOGBANK_ASL_CONFORMANCE_DIR="$dir/shared/asl-conformance"
      export FOGBANK_ASL_CONFORMANCE_DIR
      return 0
    fi
    [ "$dir" != / ] || return 1
    dir="$(dirname "$dir")"
  done
}

# Whether this runs in CI: CI=true (any case), as CI services set it; the Java tests' Prerequisite
# reads the same variable.
fogbank_in_ci() {
  [ "$(printf '%s' "${CI:-}" | tr '[:upper:]' '[:lower:]')" = true ]
}

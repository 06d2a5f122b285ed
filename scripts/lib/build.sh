# Builds the CLI (and what it needs) when any source is newer than the last build.
# shellcheck shell=bash
fogbank_cli_classpath() {
  echo "$FOGBANK_ROOT/cli/target/classes:$FOGBANK_ROOT/cli/target/lib/*"
}

fogbank_build_if_needed() {
  local stamp="$FOGBANK_ROOT/cli/target/.fogbank-built"
  # Set by a caller that has just built cli/target itself (the launcher test inside `mvn verify`):
  # building here would run Maven inside Maven and install SNAPSHOT jars into ~/.m2.
  if [ -n "${FOGBANK_SKIP_BUILD:-}" ]; then
    if [ ! -d "$FOGBANK_ROOT/cli/target/classes" ] || [ ! -d "$FOGBANK_ROOT/cli/target/lib" ]; then
      echo "fogbank: FOGBANK_SKIP_BUILD is set but cli/target/classes or cli/target/lib is" \
        "missing: build first ('mvn package -pl cli -am'), or unset FOGBANK_SKIP_BUILD." >&2
      return 1
    fi
    return 0
  fi
  if [ -f "$stamp" ] && [ -d "$FOGBANK_ROOT/cli/target/lib" ] \
    && [ -z "$(find "$FOGBANK_ROOT" -path "$FOGBANK_ROOT/.git" -prune -o \
          \( -path '*/src/main/*' -o -name pom.xml -o -name '*.asl.json' \) -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  echo "fogbank: building (mvn install -DskipTests -DskipITs -pl cli -am)..." >&2
  if ! (cd "$FOGBANK_ROOT" && mvn -B -q -DskipTests -DskipITs install -pl cli -am >"$FOGBANK_ROOT/.fogbank-build.log" 2>&1); then
    echo "fogbank: build failed; see $FOGBANK_ROOT/.fogbank-build.log" >&2
    tail -n 30 "$FOGBANK_ROOT/.fogbank-build.log" >&2
    return 1
  fi
  touch "$stamp"
}

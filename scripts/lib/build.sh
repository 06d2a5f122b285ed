# Builds the CLI (and what it needs) when any source is newer than the last build.
# shellcheck shell=bash
fogbank_cli_classpath() {
  echo "$FOGBANK_ROOT/cli/target/classes:$FOGBANK_ROOT/cli/target/lib/*"
}

fogbank_build_if_needed() {
  local stamp="$FOGBANK_ROOT/cli/target/.fogbank-built"
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

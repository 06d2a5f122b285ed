# Builds the CLI (and what it needs) when any source is newer than the last build, and gives the
# CLI's class path and the JVM options it starts with (scripts/fogbank).
# shellcheck shell=bash

# The commands that open DynamoDB Local (`local`'s control table; the price cache of `estimate`
# and `prices`). Only they get its jar: its manifest (Class-Path: .) puts cli/target/lib, a
# folder of jars, on the class path, and a class-data-sharing archive cannot be used with a
# non-empty folder on the class path.
fogbank_cli_uses_dynamodb_local() {
  case "${1:-}" in
    local | estimate | prices) return 0 ;;
    *) return 1 ;;
  esac
}

# The CLI's class path, jars only and in a fixed order: cli/target/cli-VERSION.jar, picocli's jar,
# then the other cli/target/lib/*.jar. Given a COMMAND that does not use DynamoDB Local, without
# its jar (see above); without a COMMAND, everything. picocli's classes are Java 5 class files,
# which no class-data-sharing archive holds: every command reads them from their jar, and the JVM
# looks for a class in each jar before its own, opening every one on the way (start-up:
# docs/benchmarks.md, "CLI start-up"). picocli's jar holds only picocli's classes.
fogbank_cli_classpath() {
  local LC_ALL=C jar cp="" rest="" skip_dynamodb_local=no
  if [ $# -gt 0 ] && ! fogbank_cli_uses_dynamodb_local "$1"; then skip_dynamodb_local=yes; fi
  fogbank_cli_jar
  cp="$FOGBANK_CLI_JAR"
  for jar in "$FOGBANK_ROOT"/cli/target/lib/*.jar; do
    case "$jar" in
      */DynamoDBLocal-*.jar) [ "$skip_dynamodb_local" = yes ] && continue ;;
      */lib/picocli-[0-9]*.jar) cp="$cp:$jar"; continue ;;
    esac
    rest="$rest:$jar"
  done
  cp="$cp$rest"
  printf '%s\n' "$cp"
}

# Sets FOGBANK_CLI_JAR to cli/target/cli-VERSION.jar (not a -tests or -sources jar), or to ""
# when there is none.
fogbank_cli_jar() {
  local LC_ALL=C jar
  FOGBANK_CLI_JAR=""
  for jar in "$FOGBANK_ROOT"/cli/target/cli-*.jar; do
    case "$jar" in
      *-tests.jar | *-sources.jar | *-javadoc.jar) ;;
      *) [ ! -f "$jar" ] || FOGBANK_CLI_JAR="$jar" ;;
    esac
  done
}

# Sets the array FOGBANK_CLI_CDS to the JVM options for a class-data-sharing archive of what the
# CLI loads running command NAME, one archive per command (each loads other classes), with JDK
# 19+'s -XX:+AutoCreateSharedArchive: the JVM writes the archive when a run ends if there is
# none, and maps it in the next runs. It does not rewrite an archive whose jars changed (JDK 25:
# it only runs without it), so an archive older than the JDK's own or than any jar of the class
# path or than cli/target/lib (a jar added or removed) is deleted here first. With WRITE=no (a
# run that prints only help) an archive is only read, so that the command's archive holds what
# its real runs load. The archives live in cli/target/cds/<JDK folder name>/ (FOGBANK_CDS_DIR
# instead of cli/target/cds; set and empty: none), so `mvn clean` drops them; a mistyped command
# gets one too (a few MB). Left empty where an archive cannot help or would hurt: a JDK before
# 19 or without its base archive; a folder that cannot be written (a JVM that cannot write the
# archive exits 1 after the command) unless the archive is already there, then only read.
# Usage: fogbank_cli_cds_options NAME [WRITE]
fogbank_cli_cds_options() {
  local name="$1" write="${2:-yes}" dir="${FOGBANK_CDS_DIR-$FOGBANK_ROOT/cli/target/cds}"
  local archive magic="" jar base="$JAVA_HOME/lib/server/classes.jsa"
  FOGBANK_CLI_CDS=()
  [ -n "$dir" ] && [ "${FOGBANK_JAVA_MAJOR:-0}" -ge 19 ] && [ -f "$base" ] || return 0
  case "$name" in
    [a-z]*) [ ${#name} -le 32 ] && [ -z "${name//[a-z-]/}" ] || name=fogbank ;;
    *) name=fogbank ;;
  esac
  dir="$dir/${JAVA_HOME##*/}"
  archive="$dir/$name.jsa"
  if [ -e "$archive" ]; then
    # Not a dynamic archive (its magic number 0xf00baba8 is missing: a truncated or foreign
    # file): the JVM would take it for a base archive and run with none, slower than without ours.
    IFS= LC_ALL=C read -r -d '' -n 4 magic <"$archive" 2>/dev/null || true
    if [ ! -f "$archive" ] || [ "$magic" != $'\xa8\xab\x0b\xf0' ] || [ "$base" -nt "$archive" ] \
      || [ "$FOGBANK_ROOT/cli/target/lib" -nt "$archive" ]; then
      rm -rf "$archive" 2>/dev/null || return 0
    else
      fogbank_cli_jar
      for jar in "$FOGBANK_CLI_JAR" "$FOGBANK_ROOT"/cli/target/lib/*.jar; do
        if [ "$jar" -nt "$archive" ]; then
          rm -f "$archive" 2>/dev/null || return 0
          break
        fi
      done
    fi
  fi
  # -Xlog:cds*=off: the JVM's CDS messages (an archive it cannot use, classes it cannot archive)
  # go to stdout, where they would mix with the command's output.
  if [ "$write" = yes ] && { [ -d "$dir" ] || mkdir -p "$dir" 2>/dev/null; } && [ -w "$dir" ] \
    && { [ ! -e "$archive" ] || [ -w "$archive" ]; }; then
    FOGBANK_CLI_CDS=(-Xshare:auto "-Xlog:cds*=off" -XX:+AutoCreateSharedArchive
      "-XX:SharedArchiveFile=$archive")
  elif [ -f "$archive" ]; then
    FOGBANK_CLI_CDS=(-Xshare:auto "-Xlog:cds*=off" "-XX:SharedArchiveFile=$archive")
  fi
}

# Builds the CLI (mvn install -pl cli -am) unless cli/target was built after every source changed.
fogbank_build_if_needed() {
  local stamp="$FOGBANK_ROOT/cli/target/.fogbank-built"
  # Set by a caller that has just built cli/target itself (the launcher test inside `mvn verify`):
  # building here would run Maven inside Maven and install SNAPSHOT jars into ~/.m2.
  if [ -n "${FOGBANK_SKIP_BUILD:-}" ]; then
    fogbank_cli_jar
    if [ -z "$FOGBANK_CLI_JAR" ] || [ ! -d "$FOGBANK_ROOT/cli/target/lib" ]; then
      echo "fogbank: FOGBANK_SKIP_BUILD is set but the cli jar or cli/target/lib is missing:" \
        "build first ('mvn package -pl cli -am'), or unset FOGBANK_SKIP_BUILD." >&2
      return 1
    fi
    return 0
  fi
  # Only what a build reads is looked at (not target/ folders, .git or a tools venv): every
  # command pays for this walk.
  fogbank_cli_jar
  if [ -f "$stamp" ] && [ -d "$FOGBANK_ROOT/cli/target/lib" ] && [ -n "$FOGBANK_CLI_JAR" ] \
    && [ -z "$(find "$FOGBANK_ROOT"/pom.xml "$FOGBANK_ROOT"/*/pom.xml "$FOGBANK_ROOT"/*/src/main \
          "$FOGBANK_ROOT"/*/*.asl.json "$FOGBANK_ROOT"/docs/api \
          -newer "$stamp" -print -quit 2>/dev/null)" ]; then
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

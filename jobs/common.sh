# Shared by the jobs/ scripts (sourced, not run): the build check and the JVM options Spark needs.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/target/tiebreak-0.1.0-SNAPSHOT.jar"
app_jar="$root/target/tiebreak-0.1.0-SNAPSHOT-app.jar"
classpath_file="$root/target/classpath.txt"
log_config="$root/conf/log4j2.properties"

# Builds the jars and the Spark classpath when missing or older than the sources.
ensure_built() {
  if [[ ! -f "$jar" || ! -f "$app_jar" || ! -f "$classpath_file" ]] ||
     [[ -n "$(find "$root/src/main" "$root/pom.xml" "$log_config" -newer "$app_jar" -print -quit)" ]]; then
    echo "building tiebreak (mvn package)..." >&2
    (cd "$root" && mvn -q -DskipTests package) >&2
  fi
}

# Module openings Spark needs on Java 17+, the Vector API and 32-byte object alignment for the lane kernel
# (aligned lane vectors, see LaneMath.O); the same list as the
# pom's spark.jvm.opens.
spark_opens=(-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector -XX:ObjectAlignmentInBytes=32
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  -Dio.netty.tryReflectionSetAccessible=true --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
# The same, as one string for spark.driver/executor.extraJavaOptions: processes whose output is a log file,
# so they log Spark's warnings (the console's JVM does not, see conf/log4j2.properties).
spark_opens_string="${spark_opens[*]} -Dlog4j2.configurationFile=$log_config -Dtiebreak.logLevel=warn"

# Start-up options of the local-mode JVM (jobs/tiebreak), not of executors elsewhere: its JVM warnings on
# stderr (stdout stays the command's own: CSV, tables), the compiler directives of conf/jit-directives.json
# (installed by tiebreak.cli.JitDirectives), the parallel collector and, when built, the class-data archive
# of ensure_archive.
launch_opts() {
  local user="${TIEBREAK_JAVA_OPTS:-} ${JAVA_TOOL_OPTIONS:-} ${JDK_JAVA_OPTIONS:-}"   # what the JVM gets besides
  launch=(-Xlog:disable -Xlog:all=warning:stderr -XX:+DisplayVMOutputToStderr
    -Dtiebreak.jitDirectives="$root/conf/jit-directives.json")
  # The throughput collector unless the user picked one (two would be refused): G1's concurrent work competes
  # with the start's class loading and compilation for 2 cores; 64-run sweep 12.0 s against 13.3 (medians of
  # 3), 10,000 runs 1.5 s less on average over 4 interleaved pairs.
  if [[ ! "$user" =~ -XX:[+]Use[A-Za-z0-9]*GC ]]; then
    launch+=(-XX:+UseParallelGC)
  fi
  # Not with a class-file load hook (JFR, Java agents): Java 17 crashed in
  # KlassFactory::check_shared_class_file_load_hook with -XX:StartFlightRecording and this archive.
  if [[ "${TIEBREAK_CDS:-1}" != 0 && -f "$archive" && ! "$user" =~ FlightRecording|-javaagent|-agentlib|-agentpath ]]; then
    launch+=(-XX:SharedArchiveFile="$archive" -Xshare:auto)
  fi
}

# A class-data sharing archive of the ~17,800 JDK, Spark, Hadoop and Scala classes a sweep loads, so that a
# local-mode JVM maps them instead of loading and verifying each from its jar (the JDK's own archive is
# unusable here: it is built for 8-byte object alignment). Built once per dependency set and JDK, in about a
# minute: a 16-run sweep lists the classes it loads, then -Xshare:dump writes the archive (about 200 MB). Only
# the dependencies' classpath is archived, so rebuilding tiebreak's own jar keeps it valid.
# TIEBREAK_CDS=0 skips it; a failed build warns once and runs without.
archive="$root/target/cds/tiebreak.jsa"
ensure_archive() {
  [[ "${TIEBREAK_CDS:-1}" != 0 ]] || return 0
  local dir="$root/target/cds" stamp work
  stamp="$(java -version 2>&1 | head -1) ${spark_opens[*]} $(md5sum < "$classpath_file" | cut -d' ' -f1)"
  if [[ -f "$archive" && "$(cat "$dir/stamp" 2>/dev/null)" == "$stamp" ]]; then
    return 0
  fi
  if [[ "$(cat "$dir/failed" 2>/dev/null)" == "$stamp" ]]; then
    return 0      # this JDK and classpath failed before (see $dir/build.log): not a minute lost on every command
  fi
  echo "building the class-data archive for a faster start (once per dependency set, about a minute; TIEBREAK_CDS=0 skips it)..." >&2
  # built aside and moved in, so that a JVM started meanwhile never maps a half-written archive
  mkdir -p "$dir"
  work="$(mktemp -d "$root/target/cds-build.XXXXXX")"
  if java "${spark_opens[@]}" -XX:DumpLoadedClassList="$work/classes.lst" -Dlog4j2.configurationFile="$log_config" \
       -cp "$(cat "$classpath_file"):$jar" tiebreak.cli.Main sweep "$root/conf/bench.yaml" --seeds 16 \
       --out "$work/sweep" --overwrite > "$work/build.log" 2>&1 &&
     java -Xshare:dump "${spark_opens[@]}" -XX:SharedClassListFile="$work/classes.lst" \
       -XX:SharedArchiveFile="$work/tiebreak.jsa" -cp "$(cat "$classpath_file")" >> "$work/build.log" 2>&1; then
    mv "$work/tiebreak.jsa" "$archive"
    echo "$stamp" > "$dir/stamp"
    rm -f "$dir/failed"
  else
    echo "$stamp" > "$dir/failed"
    echo "warning: the class-data archive could not be built (see $dir/build.log); starting without it, and not trying again for this JDK and classpath" >&2
  fi
  mv "$work/build.log" "$dir/build.log"
  rm -rf "$work"
}

# The Spark properties file a driver for this master needs: $TIEBREAK_SPARK_CONF if set, else, when the master
# is the URL of the cluster jobs/local-cluster runs (in $TIEBREAK_CLUSTER_DIR), that cluster's client.conf
# with its secret; nothing otherwise. Passed as a file, so that no secret is on a command line.
spark_conf_for() { # master URL
  local cluster="${TIEBREAK_CLUSTER_DIR:-$root/target/local-cluster}"
  if [[ -n "${TIEBREAK_SPARK_CONF:-}" ]]; then
    echo "$TIEBREAK_SPARK_CONF"
  elif [[ -n "$1" && -f "$cluster/client.conf" && "$(cat "$cluster/master-url" 2>/dev/null)" == "$1" ]]; then
    echo "$cluster/client.conf"
  fi
}

# The value of --master in a command line, if any.
master_arg() {
  while (($#)); do
    case "$1" in
      --master) echo "${2:-}"; return ;;
      --master=*) echo "${1#*=}"; return ;;
    esac
    shift
  done
}

# Runs java with these arguments as this script's child and waits for it, so that its stderr comes without
# the JVM's "WARNING: Using incubator modules: jdk.incubator.vector" (printed before main for the Vector API
# the lane kernel uses; no JVM option stops it): that line is dropped, everything else passes byte for byte.
# Job control (set -m) keeps the JVM's own Ctrl-C handling (a background job would start with SIGINT
# ignored); INT, TERM, HUP and QUIT sent to the script are passed on to the JVM, and the script returns its
# exit code once stderr is drained. Works under set -euo pipefail; bash before 4.4 (macOS's /bin/bash) gives
# no process id for the filter, which is then not waited for.
run_java() {
  local pid="" filter
  trap '[[ -z "$pid" ]] || kill -INT "$pid" 2>/dev/null || true' INT
  trap '[[ -z "$pid" ]] || kill -TERM "$pid" 2>/dev/null || true' TERM
  trap '[[ -z "$pid" ]] || kill -HUP "$pid" 2>/dev/null || true' HUP
  trap '[[ -z "$pid" ]] || kill -QUIT "$pid" 2>/dev/null || true' QUIT
  exec 3> >(drop_incubator_warning >&2)
  filter="${!:-}"
  set -m
  java "$@" <&0 2>&3 &
  pid=$!
  set +m                      # the JVM keeps its process group and signals; no "[1]+ Exit 2" notice when it ends
  exec 3>&-
  while kill -0 "$pid" 2>/dev/null; do
    wait "$pid" || true       # returns early when a trap ran
  done
  local status=0
  wait "$pid" || status=$?
  [[ -z "$filter" ]] || wait "$filter" || true
  return "$status"
}

# stdin to stderr without the incubator warning, which the JVM prints before main (after any "Picked up
# JAVA_TOOL_OPTIONS" lines); the first other line ends the search, and the rest is copied as it comes.
drop_incubator_warning() {
  trap '' INT TERM HUP QUIT   # it ends when the JVM closes stderr, so that the JVM's last words get through
  local line
  while true; do
    if ! IFS= read -r line; then
      printf '%s' "$line"     # the end of the stream, and a last line without its newline if there is one
      return 0
    fi
    if [[ "$line" == "WARNING: Using incubator modules: jdk.incubator.vector" ]]; then
      break
    fi
    printf '%s\n' "$line"
    if [[ "$line" != "Picked up "* ]]; then
      break
    fi
  done
  exec cat
}

export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

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
# The same, as one string for spark.driver/executor.extraJavaOptions.
spark_opens_string="${spark_opens[*]} -Dlog4j2.configurationFile=$log_config"

export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

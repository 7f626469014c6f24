package tiebreak.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiebreak.cli.ChildDriver;
import tiebreak.cli.SweepCommandTest;
import tiebreak.spark.ResultFolder;
import tiebreak.spark.SharedSpark;

/**
 * A real standalone cluster (jobs/local-cluster: a master and two workers, executors as separate JVMs) gives
 * the tables of local mode, also when an executor is killed mid-sweep; it takes drivers only with its secret,
 * runs no REST submission server and has a read-only UI. One cluster, on its own ports, is
 * shared by the tests of this class; drivers run in child JVMs (one SparkContext per JVM).
 */
class LocalClusterTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path CLUSTER_DIR = ROOT.resolve("target/test-cluster");
    static final Map<String, String> ENV = Map.of(
            "TIEBREAK_CLUSTER_PORT", "17077",
            "TIEBREAK_CLUSTER_UI_PORT", "18080",
            "TIEBREAK_CLUSTER_DIR", CLUSTER_DIR.toString());
    static final String MASTER = "spark://127.0.0.1:17077";
    static final String SWEEP = """
            name: cluster
            task: {name: teacher, d: 4, m: 3, n: 64}
            seeds: 20
            steps: 600
            widths: [4, 12, 1]
            grid:
              activation: [tanh, relu]
              tie_mode: [in, in+out]
              epsilon: [0, 1.0e-6]
            variants:
              - {}
              - {dropout: 0.1, batch_size: 16}
            """;

    @TempDir
    static Path dir;
    static Path appJar;
    /** The sweep's table in local mode: what every cluster run must reproduce. */
    static List<Row> localTable;

    @BeforeAll
    static void startCluster() throws Exception {
        appJar = jarOfClasses(dir.resolve("tiebreak-test.jar"));
        Process start = script("start");
        String out = new String(start.getInputStream().readAllBytes());
        assertEquals(0, start.waitFor(), out);
        assertTrue(out.strip().endsWith(MASTER), out);
        Path local = dir.resolve("local");
        assertEquals(0, SweepCommandTest.run("sweep", config().toString(), "--out", local.toString(),
                "--master", SharedSpark.MASTER).exit());
        localTable = table(local);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        script("stop").waitFor(60, TimeUnit.SECONDS);
    }

    @Test
    void cluster_givesTheTableOfLocalMode() throws Exception {
        Path onCluster = dir.resolve("cluster");
        Process driver = driver(config(), onCluster, dir.resolve("driver.log"));
        assertTrue(driver.waitFor(5, TimeUnit.MINUTES), "the sweep finished");
        assertEquals(0, driver.exitValue(), Files.readString(dir.resolve("driver.log")));
        assertEquals(localTable, table(onCluster));
    }

    @Test
    void killedExecutor_theSweepCompletes_eachRunOnce_sameTable() throws Exception {
        Path onCluster = dir.resolve("killed-executor");
        Process driver = driver(config(), onCluster, dir.resolve("driver-2.log"));
        ResultFolder folder = ResultFolder.at(onCluster.toString(), new org.apache.hadoop.conf.Configuration());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (folder.committedFiles() == 0 && driver.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<ProcessHandle> executors = executors();
        assertTrue(driver.isAlive() && !executors.isEmpty(), "an executor to kill mid-sweep");
        String secret = secret();
        for (ProcessHandle executor : executors) {
            assertFalse(executor.info().commandLine().orElse("").contains(secret), "the worker hands the secret over in the environment");
        }
        executors.get(0).destroyForcibly();
        assertTrue(driver.waitFor(5, TimeUnit.MINUTES), "the sweep finished");
        assertEquals(0, driver.exitValue(), Files.readString(dir.resolve("driver-2.log")));
        List<Row> rows = table(onCluster);
        assertEquals(rows.size(), rows.stream().map(r -> r.<String>getAs("run_id")).distinct().count());
        assertEquals(localTable, rows);
    }

    /**
     * One, two and four single-core executors (the two workers' four cores) give the table of local mode: a
     * run's result depends on its spec alone, not on where or beside what it ran.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 4})
    void executorCount_doesNotChangeTheTable(int count) throws Exception {
        Path onCluster = dir.resolve("executors-" + count);
        Path log = dir.resolve("driver-executors-" + count + ".log");
        Process driver = driver(config(), onCluster, log, List.of("-Dspark.executor.cores=1", "-Dspark.cores.max=" + count,
                "-Dspark.executor.memory=800m"), "--seeds", "4");
        java.util.Set<String> seen = new java.util.TreeSet<>();   // app and executor ids, from their command lines
        while (driver.isAlive()) {
            for (ProcessHandle executor : executors()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("--executor-id (\\S+).*--app-id (\\S+)")
                        .matcher(executor.info().commandLine().orElse(""));
                if (m.find()) {
                    seen.add(m.group(2) + "/" + m.group(1));
                }
            }
            Thread.sleep(100);
        }
        assertEquals(0, driver.exitValue(), Files.readString(log));
        assertEquals(count, seen.size(), "executors: " + seen);
        // the first 4 seeds of each condition: the local table's rows of those seeds
        assertEquals(localTable.stream().filter(r -> r.<Long>getAs("init_seed") < 4).toList(), table(onCluster));
    }

    /** Spark's REST submission server (a curl POST to 6066 once launched any driver) is not running. */
    @Test
    void restSubmission_isOff() {
        assertThrows(java.net.ConnectException.class, () -> new java.net.Socket("127.0.0.1", 6066).close(),
                "nothing listens on Spark's REST submission port");
    }

    /** The master answers only an RPC client that knows the cluster's secret. */
    @Test
    void master_refusesADriverWithoutTheSecret_andAcceptsOneWithIt() throws Exception {
        assertThrows(Exception.class, () -> connect(new org.apache.spark.SparkConf()));
        org.apache.spark.SparkConf withSecret = new org.apache.spark.SparkConf()
                .set("spark.authenticate", "true").set("spark.authenticate.secret", secret());
        connect(withSecret);
        org.apache.spark.SparkConf wrongSecret = new org.apache.spark.SparkConf()
                .set("spark.authenticate", "true").set("spark.authenticate.secret", "0".repeat(64));
        assertThrows(Exception.class, () -> connect(wrongSecret));
    }

    /** The secret is in one file only its owner can read, and on no process's command line. */
    @Test
    void secret_isInAFileOfItsOwner_andOnNoCommandLine() throws Exception {
        Path conf = CLUSTER_DIR.resolve("client.conf");
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(conf));
        String secret = secret();
        assertEquals(64, secret.length());
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            List<String> showing = all.map(p -> p.info().commandLine().orElse("")).filter(c -> c.contains(secret)).toList();
            assertEquals(List.of(), showing);
        }
    }

    /** Nothing on the master's UI changes the cluster: no killing applications or drivers, no decommissioning. */
    @Test
    void masterUi_isReadOnly() throws Exception {
        for (String action : List.of("app/kill/?id=app-1&terminate=true", "driver/kill/?id=driver-1&terminate=true",
                "workers/kill/?host=127.0.0.1")) {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection)
                    new java.net.URL("http://127.0.0.1:18080/" + action).openConnection();
            c.setRequestMethod("POST");
            c.setInstanceFollowRedirects(false);
            int status = c.getResponseCode();
            assertTrue(status == 404 || status == 405, action + ": " + status);
        }
        java.net.HttpURLConnection json = (java.net.HttpURLConnection) new java.net.URL("http://127.0.0.1:18080/json/").openConnection();
        assertEquals(200, json.getResponseCode(), "reading stays possible");
    }

    private static void connect(org.apache.spark.SparkConf conf) throws Exception {
        org.apache.spark.SecurityManager security = new org.apache.spark.SecurityManager(conf,
                scala.Option.empty(), org.apache.spark.internal.config.package$.MODULE$.AUTH_SECRET_FILE());
        org.apache.spark.rpc.RpcEnv env = org.apache.spark.rpc.RpcEnv.create("probe", "127.0.0.1", 0, conf, security, true);
        try {
            env.setupEndpointRef(new org.apache.spark.rpc.RpcAddress("127.0.0.1", 17077), "Master");
        } finally {
            env.shutdown();
        }
    }

    static String secret() throws IOException {
        return Files.readAllLines(CLUSTER_DIR.resolve("client.conf")).stream()
                .filter(l -> l.startsWith("spark.authenticate.secret ")).findFirst().orElseThrow().split(" ")[1];
    }

    private static Path config() throws IOException {
        Path config = dir.resolve("cluster.yaml");
        Files.writeString(config, SWEEP);
        return config;
    }

    static List<Row> table(Path out) {
        SparkSession spark = SharedSpark.session();
        return spark.read().parquet(out.resolve("runs").toString()).drop("wall_ms").orderBy("run_id").collectAsList();
    }

    private static List<ProcessHandle> executors() {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.info().commandLine().map(c -> c.contains("CoarseGrainedExecutorBackend")
                    && c.contains(CLUSTER_DIR.toString())).orElse(false)).toList();
        }
    }

    private static Process script(String command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("jobs/local-cluster").toString(), command)
                .redirectErrorStream(true);
        builder.environment().putAll(ENV);
        return builder.start();
    }

    private static Process driver(Path config, Path out, Path log) throws IOException {
        return driver(config, out, log, List.of());
    }

    private static Process driver(Path config, Path out, Path log, List<String> options, String... sweepOptions)
            throws IOException {
        List<String> jvm = new java.util.ArrayList<>(options);
        jvm.addAll(List.of("-Dspark.jars=" + appJar,
                "-D" + tiebreak.spark.Sessions.PROPERTIES + "=" + CLUSTER_DIR.resolve("client.conf"),
                "-Dspark.executor.extraJavaOptions=" + String.join(" ", ChildDriver.opens()),
                "-Dlog4j2.configurationFile=" + ROOT.resolve("conf/log4j2.properties")));
        List<String> args = new java.util.ArrayList<>(List.of("sweep", config.toString(), "--out", out.toString(), "--master", MASTER,
                "--chunk-runs", "40"));
        args.addAll(List.of(sweepOptions));
        return ChildDriver.start(jvm, args, log);
    }

    /** Our compiled classes as a jar for the executors (the tests run before the package phase). */
    static Path jarOfClasses(Path jar) throws IOException {
        Path classes = ROOT.resolve("target/classes");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}

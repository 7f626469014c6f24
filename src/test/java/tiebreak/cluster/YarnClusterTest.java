package tiebreak.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.rpc.RpcAddress;
import org.apache.spark.rpc.RpcEnv;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiebreak.cli.SweepCommandTest;
import tiebreak.spark.ResultFolder;
import tiebreak.spark.SharedSpark;

/**
 * Real YARN and HDFS, the way Spark proves its own YARN support (YarnClusterSuite on a MiniYARNCluster): a
 * MiniDFSCluster (a name node, a data node) and a MiniYARNCluster (a resource manager, a node manager whose
 * containers are separate JVMs) in this JVM, every listener on loopback, started once for the class; their
 * addresses in a HADOOP_CONF_DIR for {@code jobs/submit --master yarn}. The sweep is the seed question with 2
 * seeds (96 runs), run once in local mode for reference. In client mode into {@code hdfs://}, the runs table is
 * local mode's, every column of every run. A client-mode driver killed (SIGKILL) once chunks are on HDFS, then
 * {@code --resume} in cluster mode: every run once, local mode's runs and trajectories. Spark's RPC authenticates
 * with YARN's per-application secret (jobs/submit turns spark.authenticate on for YARN), which a probe checks;
 * HDFS and YARN themselves run without Kerberos here, a limit of the test (docs/cluster.md).
 */
class YarnClusterTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final List<String> SWEEP_OPTIONS = List.of("--seeds", "2");
    static final int RUNS = 96;
    /** The MiniYARNCluster's folders: the node manager's local and log folders, kept until the next run. */
    static final Path YARN_DIR = ROOT.resolve("target/test-yarn");

    @TempDir
    static Path dir;
    static MiniDFSCluster hdfs;
    static MiniYARNCluster yarn;
    static String hdfsUri;
    static Path hadoopConf;
    static Path appJar;
    static Path config;
    static Path local;
    /** The sweep's runs table in local mode: what every YARN run must reproduce. */
    static List<Row> localTable;
    static final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void startClusters() throws Exception {
        appJar = LocalClusterTest.jarOfClasses(dir.resolve("tiebreak-test.jar"));
        config = dir.resolve("seed-question.yaml");
        Files.copy(ROOT.resolve("conf/seed-question.yaml"), config);

        // HDFS: MiniDFSCluster binds its name node and data node to 127.0.0.1
        Configuration conf = new Configuration();
        hdfs = new MiniDFSCluster.Builder(conf, dir.resolve("hdfs").toFile()).numDataNodes(1).build();
        hdfs.waitActive();
        hdfsUri = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();

        // YARN, configured as Spark's BaseYarnClusterSuite does; its folders (the containers' logs) in target/
        YarnConfiguration yarnConf = new YarnConfiguration(conf);
        yarnConf.set("fs.defaultFS", hdfsUri);
        yarnConf.set("yarn.resourcemanager.hostname", "127.0.0.1");
        yarnConf.setInt("yarn.nodemanager.resource.memory-mb", 6144);
        yarnConf.setInt("yarn.nodemanager.resource.cpu-vcores", 4);
        yarnConf.setInt("yarn.scheduler.minimum-allocation-mb", 128);
        // containers are placed at the node manager's heartbeat: every 200 ms, not every second
        yarnConf.setInt("yarn.resourcemanager.nodemanagers.heartbeat-interval-ms", 200);
        // a JVM's virtual memory is far above its heap; Spark's containers are sized by heap plus overhead
        yarnConf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
        yarnConf.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
        yarnConf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        // hadoop-client-minicluster has no capacity-scheduler.xml: one queue, as Spark's suite sets it
        yarnConf.set("yarn.scheduler.capacity.root.queues", "default");
        yarnConf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        yarnConf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        yarnConf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        yarnConf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        yarnConf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        yarnConf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        yarnConf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        deleteRecursively(YARN_DIR);   // an earlier run's
        String testData = System.getProperty("test.build.data");
        System.setProperty("test.build.data", YARN_DIR.toString());
        try {
            yarn = new MiniYARNCluster(YarnClusterTest.class.getSimpleName(), 1, 1, 1);
            yarn.init(yarnConf);
            yarn.start();
        } finally {
            if (testData == null) {
                System.clearProperty("test.build.data");
            } else {
                System.setProperty("test.build.data", testData);
            }
        }
        // start() may return before the resource manager has its port (Spark's suite waits the same way)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        // A client's HADOOP_CONF_DIR: the default file system and the resource manager's addresses
        hadoopConf = Files.createDirectories(dir.resolve("hadoop-conf"));
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", hdfsUri);
        Configuration site = new Configuration(false);
        for (Map.Entry<String, String> e : yarn.getConfig()) {
            if (e.getKey().startsWith("yarn.resourcemanager.") && e.getKey().endsWith(".address")) {
                site.set(e.getKey(), yarn.getConfig().get(e.getKey()));
            }
        }
        assertFalse(site.get(YarnConfiguration.RM_ADDRESS).endsWith(":0"), "the resource manager has its port");
        write(core, hadoopConf.resolve("core-site.xml"));
        write(site, hadoopConf.resolve("yarn-site.xml"));

        local = dir.resolve("local");
        List<String> args = new ArrayList<>(List.of("sweep", config.toString(), "--out", local.toString(), "--master",
                SharedSpark.MASTER));
        args.addAll(SWEEP_OPTIONS);
        SweepCommandTest.Result result = SweepCommandTest.run(args.toArray(String[]::new));
        assertEquals(0, result.exit(), result.err());
        localTable = table(local.toString());
        assertEquals(RUNS, localTable.size());
    }

    @AfterAll
    static void stopClusters() {
        started.forEach(YarnClusterTest::kill);
        // the containers of an application a failed test left running (a cluster-mode driver, its executors)
        ProcessHandle.current().descendants().filter(p -> commandLine(p).contains(YARN_DIR.toString()))
                .forEach(ProcessHandle::destroyForcibly);
        if (hdfs != null) {
            hdfs.shutdown();
        }
        if (yarn != null) {
            // in the background: the node manager's stop waits 10 s for the log deletions it has scheduled
            // (NonAggregatingLogHandler), and its folders are in target/, not in the class's temporary folder
            Thread stop = new Thread(yarn::stop, "MiniYARNCluster stop");
            stop.setDaemon(true);
            stop.start();
        }
    }

    /** Every server the mini clusters started in this JVM listens on loopback only. */
    @Test
    void miniClusters_listenOnLoopbackOnly() throws Exception {
        Listeners here = Listeners.of(List.of(ProcessHandle.current()));
        assertTrue(here.all().size() >= 8, "name node, data node, resource manager, node manager: " + here.all());
        assertEquals(List.of(), here.beyondLoopback());
    }

    /**
     * Client mode: the driver is jobs/submit's JVM, the executors YARN containers, the output on HDFS. While it
     * runs, every process of the application listens on loopback only, and the driver answers no RPC client that
     * lacks the application's secret (the same probe is answered by this JVM's local-mode driver, which asks for none).
     */
    @Test
    void clientMode_intoHdfs_givesTheTableOfLocalMode_authenticated_onLoopback() throws Exception {
        String out = hdfsUri + "/tiebreak/client";
        int driverPort = freePort();
        Path log = dir.resolve("client.log");
        Process submit = submit("client", out, log, List.of("--conf", "spark.driver.port=" + driverPort));
        try {
            awaitACommittedChunk(submit, out, log);
            List<ProcessHandle> processes = ProcessHandle.current().descendants().toList();
            Listeners all = Listeners.of(processes);
            Listeners executors = Listeners.of(processes.stream()
                    .filter(p -> commandLine(p).contains("YarnCoarseGrainedExecutorBackend")).toList());
            assertEquals(1, all.all().stream().filter(l -> l.endsWith(":" + driverPort)).count(), all.all().toString());
            assertFalse(executors.all().isEmpty(), "the executor's container listens (its block manager)");
            assertEquals(List.of(), all.beyondLoopback());
            Exception refused = assertThrows(Exception.class, () -> probe(driverPort),
                    "the driver refuses an RPC client without the secret");
            for (Throwable t = refused; t != null; t = t.getCause()) {
                assertFalse(t instanceof java.net.ConnectException, "refused after connecting: " + refused);
            }
            probe(SparkEnv.get().rpcEnv().address().port());

            assertEquals(0, finish(submit), diagnostics(log));
        } finally {
            kill(submit);
        }
        assertEquals(localTable, table(out));
    }

    /**
     * A client-mode driver writing to HDFS in chunks of 12 runs, killed (SIGKILL) once a chunk is committed: its
     * lease on the folder holds off another sweep until it is stale. --resume in cluster mode (the driver in
     * YARN's application master) then trains only the missing runs and ends with local mode's tables, each run
     * once, no trajectory point twice.
     */
    @Test
    void killedDriver_thenResumeInClusterMode_intoHdfs_everyRunOnce_theTablesOfLocalMode() throws Exception {
        String out = hdfsUri + "/tiebreak/resumed";
        Path log = dir.resolve("killed.log");
        Process submit = submit("client", out, log, List.of(), "--chunk-runs", "12");
        try {
            awaitACommittedChunk(submit, out, log);
            List<ProcessHandle> driver = submit.descendants()
                    .filter(p -> commandLine(p).contains(" org.apache.spark.deploy.SparkSubmit ")).toList();
            assertEquals(1, driver.size(), "the driver's JVM: " + driver);
            driver.get(0).destroyForcibly();
            assertEquals(137, finish(submit), "jobs/submit ends with the killed driver's status: " + diagnostics(log));
        } finally {
            kill(submit);
        }
        long committedAtKill = SharedSpark.session().read().parquet(out + "/runs").count();
        assertTrue(committedAtKill > 0 && committedAtKill < RUNS, "killed mid-sweep: " + committedAtKill);

        // the killed driver's lease is still fresh: another sweep is refused
        List<String> refusedArgs = new ArrayList<>(List.of("sweep", config.toString(), "--out", out, "--resume",
                "--master", SharedSpark.MASTER));
        refusedArgs.addAll(SWEEP_OPTIONS);
        SweepCommandTest.Result refused = SweepCommandTest.run(refusedArgs.toArray(String[]::new));
        assertEquals(2, refused.exit(), refused.err());
        assertTrue(refused.err().contains("is being written by another sweep"), refused.err());
        // a lease is stale after 5 minutes without renewal: its modification time set back stands in for the wait
        org.apache.hadoop.fs.Path lease = new org.apache.hadoop.fs.Path(out + "/_lock");
        FileSystem fs = lease.getFileSystem(new Configuration());
        fs.setTimes(lease, System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(6), -1);

        Path resumedLog = dir.resolve("resumed.log");
        assertEquals(0, finish(submit("cluster", out, resumedLog, List.of(), "--resume", "--chunk-runs", "48")),
                diagnostics(resumedLog));
        String output = driverOutput(out);
        Matcher m = Pattern.compile("resuming: (\\d+) runs already committed, (\\d+) to run").matcher(output);
        assertTrue(m.find(), output);
        long already = Long.parseLong(m.group(1));
        long toRun = Long.parseLong(m.group(2));
        assertTrue(already >= committedAtKill, "every committed run kept: " + already + " >= " + committedAtKill);
        assertEquals(RUNS, already + toRun);
        Matcher trained = Pattern.compile(RUNS + " runs \\((\\d+) trained now\\)").matcher(output);
        assertTrue(trained.find(), output);
        assertEquals(toRun, Long.parseLong(trained.group(1)), "only the missing runs were trained");

        List<Row> rows = table(out);
        assertEquals(RUNS, rows.stream().map(r -> r.<String>getAs("run_id")).distinct().count(), "each run once");
        assertEquals(localTable, rows);
        SparkSession spark = SharedSpark.session();
        Dataset<Row> points = spark.read().parquet(out + "/trajectories");
        Dataset<Row> localPoints = spark.read().parquet(local + "/trajectories");
        assertEquals(localPoints.count(), points.count());
        assertEquals(points.count(), points.select("run_id", "step").distinct().count(), "no (run_id, step) twice");
        assertEquals(0, points.exceptAll(localPoints).count(), "the trajectories of local mode");
        assertFalse(fs.exists(lease), "the resumed sweep released its lease");
    }

    /** Waits until the sweep has committed a chunk to {@code out}; fails if it ended first. */
    private static void awaitACommittedChunk(Process submit, String out, Path log) throws Exception {
        ResultFolder folder = ResultFolder.at(out, new Configuration());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (folder.committedFiles() == 0 && submit.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(submit.isAlive() && folder.committedFiles() > 0, "mid-sweep, a chunk committed: " + diagnostics(log));
    }

    /** A cluster-mode driver's output: the stdout of the application master's container that swept into {@code out}. */
    private static String driverOutput(String out) throws IOException {
        try (Stream<Path> files = Files.walk(YARN_DIR)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("stdout")
                    && f.getParent().getFileName().toString().endsWith("_01_000001")).toList()) {
                String text = Files.readString(f);
                if (text.contains(" -> " + out + "\n")) {
                    return text;
                }
            }
        }
        throw new AssertionError("no application master's output names " + out);
    }

    /**
     * jobs/submit --master yarn with the mini clusters' HADOOP_CONF_DIR. The settings of a one-machine cluster:
     * Spark's jars are already on the node ({@code local:} URIs of target/classpath.txt, not uploaded, as Spark's
     * suite does), the containers bind to 127.0.0.1 and use this JVM's Java; one executor of 2 cores.
     */
    private static Process submit(String deployMode, String out, Path log, List<String> extraConf, String... sweepOptions)
            throws IOException {
        String jars = Stream.of(Files.readString(ROOT.resolve("target/classpath.txt")).strip().split(":"))
                .map(j -> "local:" + j).collect(Collectors.joining(","));
        String java = System.getProperty("java.home");
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("jobs/submit").toString(), "--master", "yarn",
                "--deploy-mode", deployMode));
        for (String c : List.of("spark.yarn.jars=" + jars,
                "spark.yarn.appMasterEnv.JAVA_HOME=" + java, "spark.executorEnv.JAVA_HOME=" + java,
                "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1", "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1",
                "spark.executor.instances=1", "spark.executor.cores=2", "spark.executor.memory=768m",
                "spark.driver.memory=768m", "spark.yarn.am.memory=512m", "spark.yarn.maxAppAttempts=1",
                "spark.yarn.report.interval=250ms")) {
            command.addAll(List.of("--conf", c));
        }
        command.addAll(extraConf);
        command.addAll(List.of(config.toString(), "--out", out));
        command.addAll(SWEEP_OPTIONS);
        command.addAll(List.of(sweepOptions));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("HADOOP_CONF_DIR", hadoopConf.toString());
        builder.environment().put("TIEBREAK_APP_JAR", appJar.toString());
        Process p = builder.start();
        started.add(p);
        return p;
    }

    /** A process's whole command line (ProcessHandle.Info's stops at 4,096 bytes, before a long classpath ends). */
    private static String commandLine(ProcessHandle p) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "";      // ended meanwhile
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** The exit code, within 3 minutes (else the process and its children are killed and the test fails). */
    private static int finish(Process p) throws InterruptedException {
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            kill(p);
            throw new AssertionError("jobs/submit did not end within 3 minutes");
        }
        return p.exitValue();
    }

    /**
     * jobs/submit's output, YARN's word on each application, then the end of every container's log (in cluster
     * mode the driver's output is there).
     */
    private static String diagnostics(Path log) throws IOException {
        StringBuilder text = new StringBuilder(Files.readString(log));
        for (org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp app
                : yarn.getResourceManager().getRMContext().getRMApps().values()) {
            text.append("\n").append(app.getApplicationId()).append(' ').append(app.getState()).append(' ')
                    .append(app.getFinalApplicationStatus()).append(": ").append(app.getDiagnostics());
        }
        try (Stream<Path> files = Files.walk(YARN_DIR)) {
            for (Path f : files.filter(f -> Files.isRegularFile(f) && f.toString().contains("container_")
                    && List.of("stdout", "stderr").contains(f.getFileName().toString())).sorted().toList()) {
                String content = Files.readString(f);
                text.append("\n== ").append(ROOT.relativize(f)).append('\n')
                        .append(content.substring(Math.max(0, content.length() - 4000)));
            }
        }
        return text.toString();
    }

    /** Asks a Spark driver at 127.0.0.1:port for an endpoint as a client that has no secret. */
    private static void probe(int port) throws Exception {
        SparkConf conf = new SparkConf().set("spark.rpc.lookupTimeout", "20s");
        org.apache.spark.SecurityManager security = new org.apache.spark.SecurityManager(conf, scala.Option.empty(),
                org.apache.spark.internal.config.package$.MODULE$.AUTH_SECRET_FILE());
        RpcEnv env = RpcEnv.create("probe", "127.0.0.1", 0, conf, security, true);
        try {
            env.setupEndpointRef(new RpcAddress("127.0.0.1", port), "BlockManagerMaster");
        } finally {
            env.shutdown();
        }
    }

    static List<Row> table(String out) {
        return SharedSpark.session().read().parquet(out + "/runs").drop("wall_ms").orderBy("run_id").collectAsList();
    }

    private static void write(Configuration conf, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            conf.writeXml(out);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The TCP sockets some processes listen on, from /proc: "address:port" each. */
    record Listeners(List<String> all, List<String> beyondLoopback) {
        static Listeners of(List<ProcessHandle> processes) throws IOException {
            Map<String, InetAddress> byInode = new HashMap<>();
            Map<String, Integer> ports = new HashMap<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                if (!Files.exists(Path.of(table))) {
                    continue;       // no IPv6
                }
                for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[3].equals("0A")) {    // LISTEN
                        String[] local = f[1].split(":");
                        byInode.put(f[9], address(local[0]));
                        ports.put(f[9], Integer.parseInt(local[1], 16));
                    }
                }
            }
            List<String> all = new ArrayList<>();
            List<String> beyond = new ArrayList<>();
            for (ProcessHandle p : processes) {
                Path fds = Path.of("/proc", Long.toString(p.pid()), "fd");
                List<Path> links;
                try (Stream<Path> list = Files.list(fds)) {
                    links = list.toList();
                } catch (IOException e) {
                    continue;       // ended meanwhile
                }
                for (Path fd : links) {
                    String target;
                    try {
                        target = Files.readSymbolicLink(fd).toString();
                    } catch (IOException e) {
                        continue;
                    }
                    if (target.startsWith("socket:[")) {
                        String inode = target.substring("socket:[".length(), target.length() - 1);
                        InetAddress address = byInode.get(inode);
                        if (address != null) {
                            String listener = address.getHostAddress() + ":" + ports.get(inode);
                            all.add(listener);
                            if (!address.isLoopbackAddress()) {
                                beyond.add(listener + " (" + p.info().commandLine().orElse("pid " + p.pid()) + ")");
                            }
                        }
                    }
                }
            }
            return new Listeners(all, beyond);
        }

        /** /proc's hexadecimal address: 32-bit words in the machine's (little-endian) byte order. */
        private static InetAddress address(String hex) throws IOException {
            byte[] bytes = new byte[hex.length() / 2];
            for (int word = 0; word < bytes.length / 4; word++) {
                for (int i = 0; i < 4; i++) {
                    int at = word * 8 + (3 - i) * 2;
                    bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
                }
            }
            return InetAddress.getByAddress(bytes);
        }
    }
}

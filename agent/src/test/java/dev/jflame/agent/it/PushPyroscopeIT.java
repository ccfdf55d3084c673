package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jflame.core.format.json.JsonProfileReader;
import dev.jflame.core.format.pprof.DecodedPprof;
import dev.jflame.core.format.pprof.OfficialPprof;
import dev.jflame.core.model.Profile;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push mode to Grafana Pyroscope's ingest API, against a receiver on the loopback address that follows
 * the API's documented contract and decodes each body with the official {@code profile.proto} (no
 * Pyroscope server can be installed here): every period arrives once, in order, adjacent to the one
 * before, with the series name and labels, the credentials and the tenant; the pushes add up to the
 * whole run the file beside them holds. Then the store fails: 503s, then recovery.
 */
class PushPyroscopeIT {
    @TempDir
    static Path protoDir;

    private HttpServer server;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    /** Statuses to answer with, one per request, before answering 200. */
    private final ConcurrentLinkedQueue<Integer> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();

    /** One request as the receiver saw it. */
    static final class Received {
        final String path;
        final Map<String, String> query;
        final Map<String, String> headers = new LinkedHashMap<>();
        final byte[] body;
        final int answered;

        Received(String path, Map<String, String> query, byte[] body, int answered) {
            this.path = path;
            this.query = query;
            this.body = body;
            this.answered = answered;
        }
    }

    private int startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        requests.incrementAndGet();
        Integer fail = failures.poll();
        int status = !"POST".equals(ex.getRequestMethod()) ? 405 : fail != null ? fail : 200;
        Received r = new Received(ex.getRequestURI().getPath(), query(ex.getRequestURI().getRawQuery()), body, status);
        ex.getRequestHeaders().forEach((k, v) -> r.headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        received.add(r);
        if (status == 429) {
            ex.getResponseHeaders().add("Retry-After", "1");
        }
        byte[] answer = status == 200 ? new byte[0] : ("refused for the test: " + status).getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            ex.getResponseBody().write(answer);
        }
        ex.close();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void everyPeriodArrivesOnceInOrderAndThePushesAddUpToTheRun() throws Exception {
        int port = startReceiver();
        Path out = Jvm.workDir("push-pyroscope").resolve("run.json");
        Jvm.Result r = Jvm.run(Jvm.command(Jvm.java(), List.of(Jvm.agent("push=http://127.0.0.1:" + port + ",pushperiod=1s,file=" + out
                + ",app=crowd,labels=env:test;team:prof,tenant=t1")), "IdleCrowd", "--busy", "2", "--idle", "20", "--seconds", "5"),
                Map.of("JFLAME_PUSH_TOKEN", "secret-123"), 120);
        assertEquals(0, r.exit, r.toString());
        // At exit the last period gets 2 s: on a machine loaded far past its cores that can run out, which
        // one line says; then that period is missing from the pushes, and only then.
        boolean lastGivenUp = r.stderr.lines().anyMatch(l -> l.contains("periods not sent at exit"));
        assertTrue(r.stderr.lines().noneMatch(l -> l.contains("pushing") && !l.contains("periods not sent at exit")),
                "no push line when all goes well: " + r.stderr);
        assertTrue(r.stderr.lines().noneMatch(l -> l.contains("secret-123")), "the token is never printed");
        Profile run = new JsonProfileReader().read(out);
        long pid = run.processes().get(0).pid;
        OfficialPprof pprof = OfficialPprof.loadOrSkip(protoDir);
        List<Received> got = new ArrayList<>(received);
        assertTrue(got.size() >= 3, "a period a second over a 5 s run: " + got.size());
        long pushed = 0;
        long previousEnd = -1;
        for (Received g : got) {
            assertEquals("/ingest", g.path);
            assertEquals("crowd{env=test,team=prof,role=dev.jflame.testapps.IdleCrowd,pid=" + pid + ",root_pid=" + pid + "}", g.query.get("name"));
            assertEquals("pprof", g.query.get("format"));
            assertEquals("jflame", g.query.get("spyName"));
            assertEquals("100", g.query.get("sampleRate"));
            assertTrue(Long.parseLong(g.query.get("from")) <= Long.parseLong(g.query.get("until")), g.query.toString());
            assertEquals("Bearer secret-123", g.headers.get("authorization"));
            assertEquals("t1", g.headers.get("x-scope-orgid"));
            assertEquals(null, g.headers.get("content-encoding"), "Pyroscope reads gzip from the body itself");
            DecodedPprof d = new DecodedPprof(pprof.decode(g.body));
            assertEquals(List.of("samples/count", "wall/nanoseconds"), d.sampleTypes());
            long start = d.longField("time_nanos");
            long end = start + d.longField("duration_nanos");
            if (previousEnd >= 0) {
                assertEquals(previousEnd, start, "each period starts where the one before ended");
            }
            assertTrue(end >= start, "a period of no negative length");
            previousEnd = end;
            for (DecodedPprof.Sample s : d.samples) {
                assertEquals(java.util.Set.of("state"), s.labels.keySet(), "state is the only label: every other would be a series");
                assertTrue(s.numLabels.isEmpty());
                assertTrue(d.stack(s).startsWith("[thread "), "the thread is the root frame: " + d.stack(s));
            }
            pushed += d.totalCount();
        }
        if (lastGivenUp) {
            assertTrue(pushed <= run.tree().totalSamples(), pushed + " pushed of " + run.tree().totalSamples());
        } else {
            assertEquals(run.tree().totalSamples(), pushed, "the pushes add up to the run the file holds");
        }
        assertTrue(got.stream().allMatch(g -> g.answered == 200));
    }

    /**
     * Contention (threads blocked on one monitor, one holding it): the pushes' samples per {@code state} label
     * are the file's samples per state, so a query that keeps {@code state="BLOCKED"} sees exactly the
     * blocking the profile shows; and they are a real share, not a trace.
     */
    @Test
    void theStateLabelSplitsThePushesAsTheFileSplitsTheRun() throws Exception {
        int port = startReceiver();
        Path out = Jvm.workDir("push-pyroscope-contention").resolve("run.json");
        Jvm.Result r = Jvm.run(Jvm.command(Jvm.java(), List.of(Jvm.agent("push=http://127.0.0.1:" + port + ",pushperiod=1s,file=" + out)),
                "Contention", "--seconds", "5"), Map.of(), 120);
        assertEquals(0, r.exit, r.toString());
        Profile run = new JsonProfileReader().read(out);
        Map<String, Long> fileStates = new java.util.TreeMap<>();
        for (int n = 1; n < run.tree().size(); n++) {
            for (dev.jflame.core.model.SampleState st : dev.jflame.core.model.SampleState.values()) {
                long v = run.tree().self(n, st);
                if (v > 0) {
                    fileStates.merge(st.name(), v, Long::sum);
                }
            }
        }
        OfficialPprof pprof = OfficialPprof.loadOrSkip(protoDir);
        Map<String, Long> pushedStates = new java.util.TreeMap<>();
        for (Received g : new ArrayList<>(received)) {
            DecodedPprof d = new DecodedPprof(pprof.decode(g.body));
            for (DecodedPprof.Sample s : d.samples) {
                pushedStates.merge(s.labels.get("state"), s.values.get(0), Long::sum);
            }
        }
        assertEquals(fileStates, pushedStates, "samples per state, pushed against the file");
        long all = run.tree().totalSamples();
        assertTrue(pushedStates.getOrDefault("BLOCKED", 0L) * 10 > all, "blocking is a real share: " + pushedStates);
        assertTrue(pushedStates.getOrDefault("RUNNABLE", 0L) * 10 > all, "so is running: " + pushedStates);
    }

    @Test
    void aStoreThatFailsGetsThePeriodsAfterItRecoversWithOneLineEachWay() throws Exception {
        int port = startReceiver();
        failures.add(503);
        failures.add(429);
        failures.add(503);
        Path out = Jvm.workDir("push-pyroscope-fails").resolve("run.json");
        Jvm.Result r = Jvm.run(Jvm.command(Jvm.java(), List.of(Jvm.agent("push=http://127.0.0.1:" + port + ",pushperiod=1s,file=" + out)),
                "ExitWith", "--code", "3", "--millis", "9000"), Map.of(), 120);
        assertEquals(3, r.exit, "the application's exit code: " + r);
        List<String> pushLines = new ArrayList<>();
        r.jflameLines().stream().filter(l -> l.contains("pushing")).forEach(pushLines::add);
        assertEquals(2, pushLines.size(), "one line when it fails, one when it works again: " + pushLines);
        assertTrue(pushLines.get(0).contains("fails: HTTP 503") && pushLines.get(0).contains("retrying"), pushLines.get(0));
        assertTrue(pushLines.get(1).contains("works again"), pushLines.get(1));
        OfficialPprof pprof = OfficialPprof.loadOrSkip(protoDir);
        long pushed = 0;
        long previousEnd = -1;
        for (Received g : received) {
            if (g.answered != 200) {
                continue;
            }
            DecodedPprof d = new DecodedPprof(pprof.decode(g.body));
            long start = d.longField("time_nanos");
            if (previousEnd >= 0) {
                assertEquals(previousEnd, start, "after the failures the periods still come in order, none twice or lost");
            }
            previousEnd = start + d.longField("duration_nanos");
            pushed += d.totalCount();
        }
        assertEquals(new JsonProfileReader().read(out).tree().totalSamples(), pushed, "every period arrived once the store was back");
    }

    /** Push without a file: an always-on service writes nothing locally; its periods still follow each other to its exit. */
    @Test
    void pushOnlyWritesNoFile(@TempDir Path cwd) throws Exception {
        int port = startReceiver();
        List<String> cmd = Jvm.command(Jvm.java(), List.of(Jvm.agent("push=http://127.0.0.1:" + port + ",pushperiod=1s")), "IdleCrowd",
                "--busy", "1", "--idle", "5", "--seconds", "4");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(cwd)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toList()), "no file, no spool");
        }
        assertTrue(output.lines().noneMatch(l -> l.startsWith("jflame:")), "not a line: " + output);
        OfficialPprof pprof = OfficialPprof.loadOrSkip(protoDir);
        long previousEnd = -1;
        long samples = 0;
        for (Received g : received) {
            DecodedPprof d = new DecodedPprof(pprof.decode(g.body));
            long start = d.longField("time_nanos");
            if (previousEnd >= 0) {
                assertEquals(previousEnd, start);
            }
            previousEnd = start + d.longField("duration_nanos");
            samples += d.totalCount();
        }
        assertTrue(received.size() >= 3 && samples > 0, received.size() + " periods, " + samples + " samples");
    }

    /**
     * Push alone in a JVM that keeps starting threads with new names (a thread per connection), under a small
     * budget that some 900 of them fill: the tree starts afresh as it fills, so every period names its new
     * threads and none falls under the budget's shared frames, and each period still samples each idle
     * thread once a tick.
     */
    @Test
    void churningThreadsKeepTheirOwnNamesInEveryPeriodOfPushAlone() throws Exception {
        int port = startReceiver();
        Jvm.Result r = Jvm.run(Jvm.command(Jvm.java(), List.of(Jvm.agent("push=http://127.0.0.1:" + port + ",pushperiod=1s,memory=4m")),
                "IdleCrowd", "--busy", "1", "--idle", "5", "--depth", "60", "--churn", "300", "--seconds", "10"), Map.of(), 120);
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.jflameLines().isEmpty(), "not a line: " + r.jflameLines());
        OfficialPprof pprof = OfficialPprof.loadOrSkip(protoDir);
        java.util.Set<String> named = new java.util.HashSet<>();
        long previousEnd = -1;
        int periods = 0;
        for (Received g : received) {
            DecodedPprof d = new DecodedPprof(pprof.decode(g.body));
            long start = d.longField("time_nanos");
            if (previousEnd >= 0) {
                assertEquals(previousEnd, start, "each period starts where the one before ended");
            }
            previousEnd = start + d.longField("duration_nanos");
            Map<String, Long> lines = d.collapsed();
            Map<String, Long> idle = new java.util.TreeMap<>();
            for (Map.Entry<String, Long> e : lines.entrySet()) {
                String line = e.getKey();
                assertTrue(!line.startsWith("[thread (started past the memory budget)]") && !line.contains("[truncated: budget]"),
                        "period " + periods + " past the budget: " + line);
                String thread = line.substring(0, line.indexOf(']') + 1);
                if (thread.startsWith("[thread conn-") && line.contains("IdleCrowd.churnDescend")) {
                    named.add(thread);
                }
                if (thread.startsWith("[thread idle-")) {
                    idle.merge(thread, e.getValue(), Long::sum);
                }
            }
            if (periods >= 3) {
                // The idle threads wait all along: sampled once a tick each, whatever was reset. (Not in the first
                // periods: their running ticks as they started may get JFR's stacks a period or two later.)
                assertTrue(new java.util.HashSet<>(idle.values()).size() <= 1, "period " + periods + ": " + idle);
            }
            periods++;
        }
        assertTrue(periods >= 5, periods + " periods");
        assertTrue(named.size() > 900, "threads enough to fill the budget were named: " + named.size());
    }

    /** {@code jflame run} of a pool: each JVM pushes its own series, named after the root, saying whose tree it is in. */
    @Test
    void aPoolUnderJflameRunPushesOneSeriesPerJvm() throws Exception {
        int port = startReceiver();
        Path dir = Jvm.workDir("push-pyroscope-run");
        Jvm.Result r = Cli.run(dir, "run", "--push", "http://127.0.0.1:" + port, "--pushperiod", "1s", "-o", "pool.json", "--", Jvm.java(), "-cp",
                Jvm.testApps().toString(), "dev.jflame.testapps.PoolMaster", "--workers", "2", "--tasks", "40", "--task-ms", "50");
        assertEquals(0, r.exit, r.toString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("worker \\d+ pid=(\\d+)").matcher(r.stdout);
        List<String> workerPids = new ArrayList<>();
        while (m.find()) {
            workerPids.add(m.group(1));
        }
        assertEquals(2, workerPids.size(), r.stdout);
        Map<String, String> roleByPid = new LinkedHashMap<>();
        String rootPid = null;
        for (Received g : received) {
            String name = g.query.get("name");
            assertTrue(name.startsWith("dev.jflame.testapps.PoolMaster{"), "every series under the root's name: " + name);
            Map<String, String> labels = new LinkedHashMap<>();
            for (String kv : name.substring(name.indexOf('{') + 1, name.length() - 1).split(",")) {
                labels.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            roleByPid.put(labels.get("pid"), labels.get("role"));
            assertTrue(rootPid == null || rootPid.equals(labels.get("root_pid")), "one root: " + labels);
            rootPid = labels.get("root_pid");
        }
        assertEquals("dev.jflame.testapps.PoolMaster", roleByPid.get(rootPid), roleByPid.toString());
        for (String w : workerPids) {
            assertEquals("dev.jflame.testapps.PoolWorker", roleByPid.get(w), "worker " + w + " pushes its own series: " + roleByPid);
        }
    }

    /** A store that takes the request and never answers: the read times out, the application exits on time with its code. */
    @Test
    void aStoreThatHangsCostsThePushThreadATimeoutAndNothingElse() throws Exception {
        java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                in.readAllBytes();
            }
            requests.incrementAndGet();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        server.start();
        Path out = Jvm.workDir("push-pyroscope-hangs").resolve("run.json");
        try {
            Jvm.Result r = Jvm.run(Jvm.command(Jvm.java(), List.of(Jvm.agent("push=http://127.0.0.1:" + server.getAddress().getPort()
                    + ",pushperiod=1s,file=" + out)), "ExitWith", "--code", "3", "--millis", "3000"), Map.of(), 120);
            assertEquals(3, r.exit, r.toString());
            assertTrue(r.stdout.contains("goodbye"), r.stdout);
            List<String> pushLines = new ArrayList<>();
            r.jflameLines().stream().filter(l -> l.contains("pushing")).forEach(pushLines::add);
            assertEquals(1, pushLines.size(), "the hung send at exit, said once: " + pushLines);
            assertTrue(pushLines.get(0).contains("still hangs at exit"), pushLines.get(0));
            assertTrue(new JsonProfileReader().read(out).tree().totalSamples() > 0, "the file holds the run all the same");
            assertEquals(1, requests.get(), "one request in flight, none piled up behind it");
        } finally {
            released.countDown();
        }
    }

    /** A connection dropped in the middle of a body: the period is sent again, and arrives once. */
    @Test
    void aConnectionDroppedMidBodyIsSentAgain() throws Exception {
        java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<byte[]> bodies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger connections = new AtomicInteger();
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try (java.net.Socket c = socket.accept()) {
                    java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(c.getInputStream()));
                    int length = 0;
                    for (String line; !(line = readLine(in)).isEmpty(); ) {
                        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    if (connections.incrementAndGet() == 1) {
                        in.readFully(new byte[length / 2]);
                        continue;
                    }
                    byte[] body = new byte[length];
                    in.readFully(body);
                    bodies.add(body);
                    c.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed at the end of the test, or a client gone
                }
            }
        }, "dropping-receiver");
        acceptor.setDaemon(true);
        acceptor.start();
        Path out = Jvm.workDir("push-pyroscope-dropped").resolve("run.json");
        try {
            Jvm.Result r = Jvm.run(Jvm.command(Jvm.java(), List.of(Jvm.agent("push=http://127.0.0.1:" + socket.getLocalPort()
                    + ",pushperiod=1s,file=" + out)), "ExitWith", "--code", "0", "--millis", "5000"), Map.of(), 120);
            assertEquals(0, r.exit, r.toString());
            List<String> pushLines = new ArrayList<>();
            r.jflameLines().stream().filter(l -> l.contains("pushing")).forEach(pushLines::add);
            assertEquals(2, pushLines.size(), "one line when it fails, one when it works again: " + pushLines);
            OfficialPprof pprof = OfficialPprof.loadOrSkip(protoDir);
            long pushed = 0;
            for (byte[] b : bodies) {
                pushed += new DecodedPprof(pprof.decode(b)).totalCount();
            }
            assertEquals(new JsonProfileReader().read(out).tree().totalSamples(), pushed, "the dropped period arrived once, later");
        } finally {
            socket.close();
        }
    }

    private static String readLine(java.io.DataInputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /**
     * A store that is not there for the first 50 s of a run, then is: the queue keeps the latest 40 periods
     * and drops the older ones; the drops reach the store as pprof comments, each once, as many as the line
     * saying pushing works again counts; from the first period the store gets on, the periods follow each
     * other. The application's heap stays where it was while the periods pile up, and its exit code is its own.
     */
    @Test
    void aStoreAbsentAtStartGetsTheLatestPeriodsWithTheDropsCounted() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Jvm.workDir("push-pyroscope-late");
        Path out = dir.resolve("run.json");
        Path gcLog = dir.resolve("gc.log");
        java.nio.file.Files.deleteIfExists(gcLog);
        List<String> cmd = Jvm.command(Jvm.java(), List.of(LiveHeap.logFlag(gcLog), Jvm.agent("push=http://127.0.0.1:" + port + ",pushperiod=1s,file=" + out)),
                "IdleCrowd", "--busy", "1", "--idle", "20", "--seconds", "62");
        Path stderr = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
        // The store comes up once more periods were cut than the queue keeps (40 at 1 s each): the wait is
        // the test's scenario, not a timing it asserts on.
        Thread storeComesUp = new Thread(() -> {
            try {
                Thread.sleep(50_000);
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
                server.createContext("/", this::handle);
                server.start();
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        }, "store-comes-up");
        storeComesUp.start();
        List<Integer> heapMb = LiveHeap.watch(p, Jvm.java(), gcLog, 4, 240);
        storeComesUp.join();
        String err = java.nio.file.Files.readString(stderr);
        assertEquals(0, p.exitValue(), err);
        List<String> pushLines = new ArrayList<>();
        for (String l : err.split("\n")) {
            if (l.startsWith("jflame:") && l.contains("pushing")) {
                pushLines.add(l);
            }
        }
        assertEquals(2, pushLines.size(), "one line when it fails, one when it works again: " + err);
        assertTrue(pushLines.get(0).contains("fails: ConnectException"), pushLines.get(0));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("works again; (\\d+) periods were dropped meanwhile").matcher(pushLines.get(1));
        assertTrue(m.find(), pushLines.get(1));
        long droppedSaid = Long.parseLong(m.group(1));

        OfficialPprof pprof = OfficialPprof.loadOrSkip(protoDir);
        List<Received> got = new ArrayList<>(received);
        assertTrue(got.size() >= 40, got.size() + " periods arrived");
        long firstStart = -1;
        long previousEnd = -1;
        long pushed = 0;
        long droppedReported = 0;
        java.util.regex.Pattern report = java.util.regex.Pattern.compile("jflame: (\\d+) periods dropped before this one");
        for (Received g : got) {
            assertEquals(200, g.answered);
            DecodedPprof d = new DecodedPprof(pprof.decode(g.body));
            long start = d.longField("time_nanos");
            if (previousEnd >= 0) {
                assertEquals(previousEnd, start, "from the first one the store got, the periods follow each other");
            } else {
                firstStart = start;
            }
            previousEnd = start + d.longField("duration_nanos");
            pushed += d.totalCount();
            for (String c : d.comments()) {
                java.util.regex.Matcher r = report.matcher(c);
                assertTrue(r.matches(), c);
                droppedReported += Long.parseLong(r.group(1));
            }
        }
        assertEquals(droppedSaid, droppedReported, "each drop reported to the store once, as many as the line says");
        Profile run = new JsonProfileReader().read(out);
        assertTrue(firstStart > run.processes().get(0).startMillis * 1_000_000L, "the oldest periods are the ones dropped");
        assertTrue(pushed < run.tree().totalSamples(), pushed + " of " + run.tree().totalSamples());
        // Forty periods of an idle crowd are a few hundred kilobytes: the live heap after each full collection
        // stays within a few megabytes of the first reading while they pile up.
        assertTrue(heapMb.size() >= 3, "heap readings: " + heapMb);
        assertTrue(LiveHeap.max(heapMb) <= heapMb.get(0) + 8, "live heap after GC (MB) over the run: " + heapMb);
    }

    @Test
    void noStoreAtAllLeavesTheApplicationAndItsExitCodeAlone() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path out = Jvm.workDir("push-pyroscope-absent").resolve("run.json");
        Jvm.Result r = Jvm.run(Jvm.command(Jvm.java(), List.of(Jvm.agent("push=http://127.0.0.1:" + port + ",pushperiod=1s,file=" + out)),
                "ExitWith", "--code", "3", "--millis", "3000"), Map.of(), 120);
        assertEquals(3, r.exit, r.toString());
        assertTrue(r.stdout.contains("goodbye"), r.stdout);
        List<String> pushLines = new ArrayList<>();
        r.jflameLines().stream().filter(l -> l.contains("pushing")).forEach(pushLines::add);
        assertEquals(2, pushLines.size(), "one line when it starts failing, one at exit for what was not sent: " + pushLines);
        assertTrue(pushLines.get(0).contains("fails: ConnectException"), pushLines.get(0));
        assertTrue(pushLines.get(1).contains("not sent at exit"), pushLines.get(1));
        assertTrue(new JsonProfileReader().read(out).tree().totalSamples() > 0, "the file holds the run all the same");
    }
}

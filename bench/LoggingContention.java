import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.FileManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Real software whose own lock contends: N threads log as fast as they can through one synchronous file
 * appender of a logging library from Maven Central, so they queue on the appender's lock. Logback: the
 * appender's {@code OutputStreamAppender.streamWriteLock}, a {@code ReentrantLock} held while the encoded
 * bytes are written and flushed (the event is encoded before, outside it). Log4j 2: its
 * {@code FileManager}'s monitor ({@code synchronized} methods of {@code OutputStreamManager}), held while
 * the encoded bytes are copied into the manager's buffer and written (the text is encoded before, into a
 * buffer of the thread's own).
 *
 * <p>What it prints is measured without jflame, to check a profile against: per thread, the events it
 * logged and the JVM's own contention monitoring ({@code ThreadMXBean} blocked time, for a monitor, and
 * waited time, which counts parking on a {@code ReentrantLock}); the lock's identity as the JVM names it
 * ({@code class@identity hash}); the logging threads' states polled every 2 ms ({@code Thread.getState}); and,
 * for Logback, who held the lock as the lock itself says ({@code ReentrantLock.toString()}'s "Locked by
 * thread") at each poll, weighted by how many threads were queued on it then ({@code getQueueLength()}): the
 * share of waiting each holder accounts for, which is what jflame's {@code [held by ...]} frames count.
 *
 * <p>Fetch the jars (not in the project's poms) and run, e.g. under jflame's agent:
 * <pre>
 * for a in ch.qos.logback:logback-classic:1.5.38 ch.qos.logback:logback-core:1.5.38 org.slf4j:slf4j-api:2.0.17 \
 *          org.apache.logging.log4j:log4j-core:2.25.4 org.apache.logging.log4j:log4j-api:2.25.4; do
 *   mvn -q dependency:copy -Dartifact=$a -DoutputDirectory=/tmp/reallib-jars; done
 * java --add-opens java.base/java.util.concurrent.locks=ALL-UNNAMED -cp '/tmp/reallib-jars/*' \
 *   -javaagent:agent/target/jflame.jar=file=logback.json \
 *   bench/LoggingContention.java --lib logback --threads 8 --seconds 15 --log /tmp/contention.log
 * </pre>
 * {@code --add-opens} only lets it name the lock's synchronizer (what a parked thread waits on); without
 * it the synchronizer's identity is not printed. The log file is deleted at the end. bench/LockShares.java
 * reads the profile beside a JFR recording and async-profiler's lock profile of the same run (bench/results.md).
 */
public final class LoggingContention {
    /** One logging thread's own figures, taken by itself just before it ends. */
    record Figures(String name, long events, long blockedMs, long waitedMs, long blockedCount, long waitedCount, long cpuMs) {
    }

    @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19+, and this runs on 17 too
    public static void main(String[] args) throws Exception {
        String lib = "logback";
        int threads = 8;
        int seconds = 15;
        String log = "/tmp/logging-contention.log";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--lib" -> lib = args[i + 1];
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--log" -> log = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        mx.setThreadContentionMonitoringEnabled(true);
        Consumer<String> logOne;
        ReentrantLock appenderLock = null;
        Runnable close;
        if (lib.equals("logback")) {
            LoggerContext ctx = new LoggerContext();
            ctx.setMDCAdapter(new LogbackMDCAdapter());
            PatternLayoutEncoder enc = new PatternLayoutEncoder();
            enc.setContext(ctx);
            enc.setPattern("%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n");
            enc.start();
            FileAppender<ILoggingEvent> app = new FileAppender<>();
            app.setContext(ctx);
            app.setName("file");
            app.setFile(log);
            app.setAppend(false);
            app.setEncoder(enc);
            app.start();
            ch.qos.logback.classic.Logger logger = ctx.getLogger("bench.Orders");
            logger.setAdditive(false);
            logger.addAppender(app);
            logOne = m -> logger.info("order {} shipped to {} in {} ms", m, Thread.currentThread().getName(), m.length());
            Field f = OutputStreamAppender.class.getDeclaredField("streamWriteLock");
            f.setAccessible(true);
            appenderLock = (ReentrantLock) f.get(app);
            System.out.println("library: logback-classic " + LoggerContext.class.getPackage().getImplementationVersion()
                    + ", FileAppender, immediateFlush=" + app.isImmediateFlush());
            System.out.println("lock: " + syncName(appenderLock) + " (" + app.getClass().getName() + ".streamWriteLock)");
            close = () -> {
                // An appender that fails says so only in its context's status list: a run that wrote nothing says so.
                ctx.getStatusManager().getCopyOfStatusList().stream().filter(st -> st.getLevel() == Status.ERROR).limit(3)
                        .forEach(st -> System.err.println("logback error: " + st));
                app.stop();
                ctx.stop();
            };
        } else if (lib.equals("log4j")) {
            ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
            b.setStatusLevel(Level.WARN);
            b.add(b.newAppender("file", "File").addAttribute("fileName", log).addAttribute("append", false)
                    .addAttribute("immediateFlush", true)
                    .add(b.newLayout("PatternLayout").addAttribute("pattern", "%d{HH:mm:ss.SSS} [%t] %-5level %logger{36} - %msg%n")));
            b.add(b.newRootLogger(Level.INFO).add(b.newAppenderRef("file")));
            var ctx = Configurator.initialize(b.build());
            Logger logger = ctx.getLogger("bench.Orders");
            logOne = m -> logger.info("order {} shipped to {} in {} ms", m, Thread.currentThread().getName(), m.length());
            var app = (org.apache.logging.log4j.core.appender.FileAppender) ctx.getConfiguration().getAppender("file");
            FileManager mgr = app.getManager();
            System.out.println("library: log4j-core " + Logger.class.getPackage().getImplementationVersion()
                    + ", FileAppender, immediateFlush=" + app.getImmediateFlush());
            System.out.println("lock: " + mgr.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(mgr))
                    + " (the FileManager's monitor)");
            close = () -> Configurator.shutdown(ctx);
        } else {
            throw new IllegalArgumentException("--lib logback|log4j");
        }

        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Figures[] figures = new Figures[threads];
        CountDownLatch start = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int slot = t;
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long n = 0;
                while (System.nanoTime() < end) {
                    logOne.accept(Long.toString(n++));
                }
                ThreadInfo ti = mx.getThreadInfo(Thread.currentThread().getId());
                figures[slot] = new Figures(Thread.currentThread().getName(), n, ti.getBlockedTime(), ti.getWaitedTime(),
                        ti.getBlockedCount(), ti.getWaitedCount(), mx.getCurrentThreadCpuTime() / 1_000_000);
            }, "log-" + t);
            workers[t].start();
        }
        long t0 = System.nanoTime();
        start.countDown();
        // Every 2 ms, from this thread: each logging thread's state (Thread.getState, what jflame's scan reads,
        // here by a plain loop with nothing read after it), and for Logback the lock's own view of who holds it,
        // weighted by how many threads queue on it at that moment.
        long[] states = new long[Thread.State.values().length];
        Map<String, Long> queuedBehind = new TreeMap<>();
        long polls = 0;
        long queuedTotal = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(2);
            for (Thread w : workers) {
                states[w.getState().ordinal()]++;
            }
            polls++;
            if (appenderLock != null) {
                String s = appenderLock.toString();
                int q = appenderLock.getQueueLength();
                int at = s.indexOf("[Locked by thread ");
                String owner = at < 0 ? "(none)" : s.substring(at + "[Locked by thread ".length(), s.length() - 1);
                queuedTotal += q;
                queuedBehind.merge(owner, (long) q, Long::sum);
            }
        }
        for (Thread w : workers) {
            w.join();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        close.run();
        long logBytes = new java.io.File(log).length();
        new java.io.File(log).delete();

        long events = 0;
        for (Figures f : figures) {
            events += f.events;
        }
        System.out.printf("%d threads, %.1f s, %d events (%.0f/s), log file %.1f MB%n", threads, wall, events, events / wall,
                logBytes / 1e6);
        System.out.println("thread  events  share  blocked_ms  waited_ms  blocked_n  waited_n  cpu_ms  (ThreadMXBean)");
        long blocked = 0;
        long waited = 0;
        for (Figures f : figures) {
            blocked += f.blockedMs;
            waited += f.waitedMs;
            System.out.printf("%-6s %8d %5.1f%% %10d %10d %10d %9d %7d%n", f.name, f.events, 100.0 * f.events / events, f.blockedMs,
                    f.waitedMs, f.blockedCount, f.waitedCount, f.cpuMs);
        }
        System.out.printf("time blocked %.1f %%, waited %.1f %% of the threads' time%n", 100.0 * blocked / (threads * wall * 1000),
                100.0 * waited / (threads * wall * 1000));
        long seen = 0;
        for (long c : states) {
            seen += c;
        }
        StringBuilder st = new StringBuilder();
        for (Thread.State x : Thread.State.values()) {
            if (states[x.ordinal()] > 0) {
                st.append(String.format(" %s %.1f %%", x, 100.0 * states[x.ordinal()] / seen));
            }
        }
        System.out.printf("states polled every 2 ms (%d polls):%s%n", polls, st);
        if (appenderLock != null) {
            System.out.printf("threads queued on the lock %.2f on average; holder's share of the queued (the lock's own view):%n",
                    (double) queuedTotal / polls);
            for (Map.Entry<String, Long> e : queuedBehind.entrySet()) {
                System.out.printf("  %-8s %5.1f%%%n", e.getKey(), 100.0 * e.getValue() / Math.max(1, queuedTotal));
            }
        }
    }

    /** The synchronizer a thread parked on this lock waits on, as the JVM names it, where java.base is open to us. */
    private static String syncName(ReentrantLock lock) {
        try {
            Field f = ReentrantLock.class.getDeclaredField("sync");
            f.setAccessible(true);
            Object sync = f.get(lock);
            return sync.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(sync));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "ReentrantLock's sync (run with --add-opens java.base/java.util.concurrent.locks=ALL-UNNAMED to name it)";
        }
    }
}

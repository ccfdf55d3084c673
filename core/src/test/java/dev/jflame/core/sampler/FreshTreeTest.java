package dev.jflame.core.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SamplerStats;
import dev.jflame.core.options.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Push mode without a file, on a JVM that keeps starting threads with new names: the tree starts afresh
 * once it has passed half the memory budget, so every period names its own threads, and no sample is lost,
 * counted twice or moved to another stack across the reset. A real sampler over real threads, with a
 * budget of 1 MB (16 384 nodes) that some hundreds of threads fill.
 */
class FreshTreeTest {
    /** Frames a churning thread's stack goes down before it waits: its own path of nodes under its own name. */
    private static final int CHURN_DEPTH = 20;
    private static final String OVER_BUDGET = "[thread (started past the memory budget)]";
    private static final String BUDGET_CUT = "[truncated: budget]";

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean done;
    private int churned;

    @AfterEach
    void stopThreads() throws InterruptedException {
        done = true;
        for (Thread t : threads) {
            LockSupport.unpark(t);
            t.interrupt();
        }
        for (Thread t : threads) {
            t.join(2_000);
        }
    }

    @Test
    void periodsNameTheirOwnThreadsWhileThreadsChurn() throws Exception {
        Thread parker = startThread("steady-park", () -> {
            while (!done) {
                LockSupport.park(this);
            }
        });
        SamplerTest.awaitIn(parker, "park", true);
        Sampler s = new Sampler(Options.parse("engine=java,interval=2ms,memory=1m,threads=^(steady|churn)-"), ProcessInfo.current(), () -> { });
        s.start();
        List<Profile> periods = new ArrayList<>();
        List<List<String>> names = new ArrayList<>();
        Profile before;
        try {
            SamplerTest.awaitTicks(s, 5);
            before = s.cutPeriod();
            // 40 threads a period, each ~35 nodes under its own name: past half the budget in 6 periods, and
            // past the point where the budget cuts stacks short (8/9) in 11 without a fresh tree.
            for (int p = 0; p < 20; p++) {
                names.add(churn(s, 40));
                periods.add(s.cutPeriod());
            }
        } finally {
            s.stop();
        }
        long ticks = before.processes().get(0).stats.ticks;
        long samples = before.processes().get(0).stats.samples;
        for (int p = 0; p < periods.size(); p++) {
            Profile period = periods.get(p);
            Map<String, Long> lines = new CollapsedWriter(true).lines(period);
            SamplerStats stats = period.processes().get(0).stats;
            String at = "period " + p + ": " + brief(lines);
            assertEquals(0, sum(lines, l -> l.startsWith(OVER_BUDGET) || l.contains(BUDGET_CUT)), at);
            for (String name : names.get(p)) {
                assertTrue(sum(lines, l -> l.startsWith("[thread " + name + "];") && l.contains("FreshTreeTest.deep")) > 0, name + " in " + at);
            }
            assertEquals(stats.samples - samples, period.tree().totalSamples(), "the period's samples are its ticks' " + at);
            // The parked thread stays in one wait, cached before the first reset and reused after each.
            assertEquals(stats.ticks - ticks, sum(lines, l -> l.startsWith("[thread steady-park];") && l.contains("LockSupport.park")
                    && l.endsWith(" on dev.jflame.core.sampler.FreshTreeTest]")), at);
            ticks = stats.ticks;
            samples = stats.samples;
        }
        assertTrue(periods.get(periods.size() - 1).processes().get(0).stats.freshTrees >= 2,
                "fresh trees: " + periods.get(periods.size() - 1).processes().get(0).stats.freshTrees);
    }

    @Test
    void aThreadStartedPastTheBudgetGetsItsOwnNameAfterTheReset() throws Exception {
        Sampler s = new Sampler(Options.parse("engine=java,interval=2ms,memory=1m,threads=^(late|churn)-"), ProcessInfo.current(), () -> { });
        s.start();
        Profile past;
        Profile after;
        try {
            // One period past the point where the budget shares one node among new threads (~420 threads).
            for (int i = 0; i < 12; i++) {
                churn(s, 50);
            }
            Thread late = startThread("late-park", () -> {
                while (!done) {
                    LockSupport.park(this);
                }
            });
            SamplerTest.awaitIn(late, "park", true);
            SamplerTest.awaitTicks(s, s.progress().ticks + 5);
            past = s.cutPeriod();
            SamplerTest.awaitTicks(s, s.progress().ticks + 20);
            after = s.cutPeriod();
        } finally {
            s.stop();
        }
        Map<String, Long> pastLines = new CollapsedWriter(true).lines(past);
        assertTrue(sum(pastLines, l -> l.startsWith(OVER_BUDGET)) > 0, "the budget was reached: " + brief(pastLines));
        Map<String, Long> lines = new CollapsedWriter(true).lines(after);
        long ticks = after.processes().get(0).stats.ticks - past.processes().get(0).stats.ticks;
        assertEquals(0, sum(lines, l -> l.startsWith(OVER_BUDGET) || l.contains(BUDGET_CUT)), brief(lines));
        assertEquals(ticks, sum(lines, l -> l.startsWith("[thread late-park];") && l.contains("LockSupport.park")
                && l.endsWith(" on dev.jflame.core.sampler.FreshTreeTest]")), brief(lines));
        assertEquals(ticks, after.tree().totalSamples(), "the late thread alone is left: " + brief(lines));
        assertEquals(1, after.processes().get(0).stats.freshTrees);
    }

    /**
     * With JFR giving the running stacks: a running thread's ticks owed a stack at each cut get theirs after
     * the reset (JFR's methods keep frame ids of the tree before), and nothing is lost or counted twice.
     */
    @Test
    void runningTicksOwedAtTheCutGetTheirStacksAfterTheReset() throws Exception {
        Thread spinner = startThread("steady-spin", () -> SamplerTest.spinHere(Long.MAX_VALUE));
        SamplerTest.awaitIn(spinner, "spinHere", false);
        Sampler s = new Sampler(Options.parse("engine=jfr,interval=5ms,memory=1m,threads=^(steady|churn)-"), ProcessInfo.current(), () -> { });
        s.start();
        List<Profile> periods = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!s.captureStrategy().startsWith("jfr")) {
                assertTrue(System.nanoTime() - deadline < 0, "JFR did not go live in a minute: " + s.captureStrategy());
                Thread.sleep(20);
            }
            for (int p = 0; p < 40 && (periods.isEmpty() || periods.get(periods.size() - 1).processes().get(0).stats.freshTrees < 2); p++) {
                churn(s, 40);
                periods.add(s.cutPeriod());
            }
        } finally {
            s.stop();
        }
        periods.add(s.cutLastPeriod());
        SamplerStats end = periods.get(periods.size() - 1).processes().get(0).stats;
        assertTrue(end.freshTrees >= 2, "fresh trees: " + end.freshTrees);
        assertEquals(0, end.errors);
        long total = 0;
        long spun = 0;
        long resetsBefore = 0;
        long spunAfterReset = 0;
        for (Profile period : periods) {
            Map<String, Long> lines = new CollapsedWriter(true).lines(period);
            total += period.tree().totalSamples();
            spun += sum(lines, l -> l.startsWith("[thread steady-spin];"));
            // Every running sample of the spinner is at its own stack, or says it has none: none at frames
            // of the tree before.
            assertEquals(0, sum(lines, l -> l.startsWith("[thread steady-spin];") && !l.contains("SamplerTest.spinHere")
                    && !l.contains("[running, no JFR sample]") && !l.contains("[stack not taken")), brief(lines));
            assertEquals(0, sum(lines, l -> l.startsWith(OVER_BUDGET) || l.contains(BUDGET_CUT)), brief(lines));
            if (resetsBefore > 0) {
                // JFR hands its stacks over a second late, later than these short periods last: a period may have none.
                spunAfterReset += sum(lines, l -> l.startsWith("[thread steady-spin];") && l.contains("SamplerTest.spinHere"));
            }
            resetsBefore = period.processes().get(0).stats.freshTrees;
        }
        assertEquals(end.samples, total, "every sample in one period");
        assertEquals(end.ticks, spun, "the spinner once a tick");
        assertTrue(spunAfterReset > 0, "the spinner's stacks after the first reset");
    }

    /**
     * Starts {@code n} threads with names never used before, each {@link #CHURN_DEPTH} frames down, and ends
     * them once every one has been there for three of the sampler's ticks; returns their names.
     */
    private List<String> churn(Sampler s, int n) throws InterruptedException {
        CountDownLatch arrived = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        List<String> names = new ArrayList<>();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "churn-" + churned++;
            names.add(name);
            Thread t = new Thread(() -> deep(CHURN_DEPTH, arrived, release), name);
            t.setDaemon(true);
            started.add(t);
            t.start();
        }
        arrived.await();
        SamplerTest.awaitTicks(s, s.progress().ticks + 3);
        release.countDown();
        for (Thread t : started) {
            t.join();
        }
        return names;
    }

    private static int deep(int n, CountDownLatch arrived, CountDownLatch release) {
        if (n == 0) {
            arrived.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
        return deep(n - 1, arrived, release) + 1;
    }

    /** The lines but those of the churning threads (hundreds of deep stacks), and how many of theirs. */
    private static String brief(Map<String, Long> lines) {
        StringBuilder b = new StringBuilder();
        long churning = 0;
        for (Map.Entry<String, Long> e : lines.entrySet()) {
            if (e.getKey().startsWith("[thread churn-") && e.getKey().contains("FreshTreeTest.deep")) {
                churning += e.getValue();
            } else {
                b.append('\n').append(e.getKey()).append(' ').append(e.getValue());
            }
        }
        return b.append("\nand ").append(churning).append(" samples of churning threads").toString();
    }

    private Thread startThread(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
        return t;
    }

    private static long sum(Map<String, Long> lines, Predicate<String> p) {
        long total = 0;
        for (Map.Entry<String, Long> e : lines.entrySet()) {
            if (p.test(e.getKey())) {
                total += e.getValue();
            }
        }
        return total;
    }
}

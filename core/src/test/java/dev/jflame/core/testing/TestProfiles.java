package dev.jflame.core.testing;

import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import java.util.Random;

/**
 * Profiles built through the core API for the tests of every module and the page's benchmark (shared
 * through core's test jar): small ones from {@code ;}-separated paths, and realistic ones (a shop, a
 * pool of workers, a synthetic service of any size).
 */
public final class TestProfiles {
    public static final String MAIN = "dev.example.shop.Main";

    private TestProfiles() {
    }

    /** One process with a few ticks' statistics, for format tests. */
    public static Profile withProcess(long pid, String main) {
        Profile p = new Profile();
        ProcessInfo info = new ProcessInfo();
        info.pid = pid;
        info.mainClass = main;
        info.jdk = "17";
        info.startMillis = 1_000;
        info.endMillis = 2_000;
        info.intervalNanos = 10_000_000L;
        info.stats.recordTick(120_000, 5_000, 40_000);
        info.stats.recordTick(80_000, 1_000, -1);
        p.processes().add(info);
        return p;
    }

    /** Adds the {@code ;}-separated stack {@code path}, root first, as {@code count} samples in {@code state}. */
    public static void add(Profile p, String path, SampleState state, long count) {
        stack(p, state, count, path.split(";"));
    }

    /** {@link #add}, the same samples also in the timeline, one per tick from {@code fromMillis} to {@code toMillis}. */
    public static void addTimed(Profile p, String path, SampleState state, long count, long fromMillis, long toMillis) {
        timedStack(p, state, count, fromMillis, toMillis, path.split(";"));
    }

    /** Adds one stack, root first, as {@code count} samples in {@code state}. */
    public static void stack(Profile p, SampleState state, long count, String... frames) {
        int node = CallTree.ROOT;
        for (String f : frames) {
            node = p.tree().child(node, p.frames().intern(f, kindOf(f)));
        }
        p.tree().add(node, state, count);
    }

    /**
     * Adds one stack, root first, as {@code count} samples in {@code state} taken evenly from {@code fromMillis}
     * to {@code toMillis}: in the tree and in the timeline alike, as a sampler records them.
     */
    public static void timedStack(Profile p, SampleState state, long count, long fromMillis, long toMillis, String... frames) {
        int node = CallTree.ROOT;
        for (String f : frames) {
            node = p.tree().child(node, p.frames().intern(f, kindOf(f)));
        }
        p.tree().add(node, state, count);
        p.timeline().add(node, state, count, fromMillis, toMillis);
    }

    /** When {@link #pool()}'s master starts: a multiple of every cell width up to 3.2 s, so cells start on it. */
    public static final long POOL_START = 1_700_000_000_000L;

    /**
     * A master and the three workers it started, each sampled with times over its own lifetime, merged as
     * jflame merges the runs of a pool: the master plans for a second, waits while worker k runs from k s to
     * (k + 5) s (its main thread hot, an io thread blocked from 2 s to 3 s into its life), then reports.
     */
    public static Profile pool() {
        Profile master = new Profile();
        ProcessInfo m = process(5000, "dev.example.pool.Master");
        m.startMillis = POOL_START;
        m.endMillis = POOL_START + 10_000;
        master.processes().add(m);
        long t = POOL_START;
        timedStack(master, SampleState.RUNNABLE, 100, t, t + 950, "[thread main]", "dev.example.pool.Master.main", "dev.example.pool.Master.plan");
        timedStack(master, SampleState.WAITING, 400, t + 1_000, t + 8_950, "[thread main]", "dev.example.pool.Master.main",
                "dev.example.pool.Master.await", "java.lang.Object.wait0", "[WAITING on dev.example.pool.Master]");
        timedStack(master, SampleState.RUNNABLE, 50, t + 9_000, t + 9_950, "[thread main]", "dev.example.pool.Master.main",
                "dev.example.pool.Master.report", "java.util.HashMap.get");
        java.util.List<Profile> runs = new java.util.ArrayList<>(java.util.List.of(master));
        for (int k = 1; k <= 3; k++) {
            Profile w = new Profile();
            ProcessInfo info = process(5000 + k, "dev.example.pool.Worker");
            info.args = "--worker " + k;
            info.parentPid = m.pid;
            info.startMillis = POOL_START + k * 1_000L;
            info.endMillis = info.startMillis + 5_000;
            w.processes().add(info);
            long s = info.startMillis;
            timedStack(w, SampleState.RUNNABLE, 200L * k, s + 200, s + 4_500, "[thread main]", "dev.example.pool.Worker.main",
                    "dev.example.pool.Work.run", "dev.example.pool.Work.hot");
            timedStack(w, SampleState.BLOCKED, 40, s + 2_000, s + 3_000, "[thread io-" + k + "]", "java.lang.Thread.run",
                    "dev.example.pool.Work.store", "[BLOCKED on java.lang.Object]");
            runs.add(w);
        }
        return new dev.jflame.core.merge.ProfileMerger().merge(runs);
    }

    /** {@link #poolWaits}'s pipes: tasks from the master to its worker, results back. */
    public static final String TASKS_PIPE = "pipe:[4100]";
    public static final String RESULTS_PIPE = "pipe:[4101]";

    /**
     * The runs of a master (pid 7000) and its one worker (7001) before the merge, as each JVM writes them:
     * the master's {@code feeder} idle 300 samples in a read of the results pipe and the worker's
     * {@code main} idle 100 in a read of the tasks pipe ({@code [waits on pipe:[...] read end]}), each
     * listing the pipe ends it holds; the worker runs 500 samples. A third run (7002, not a child) holds the
     * results pipe's write end too when {@code shared}, which makes that end ambiguous.
     */
    public static java.util.List<Profile> poolWaitsRuns(boolean shared) {
        Profile master = new Profile();
        ProcessInfo m = process(7000, "dev.example.pool.Master");
        m.endpoints.add(RESULTS_PIPE + " read end");
        m.endpoints.add(TASKS_PIPE + " write end");
        master.processes().add(m);
        stack(master, SampleState.NATIVE_IDLE, 300, "[thread feeder]", "java.lang.Thread.run", "dev.example.pool.Feeder.run",
                "java.io.FileInputStream.readBytes", "[NATIVE_IDLE]", FrameNames.waitsOn(RESULTS_PIPE + " read end"));
        stack(master, SampleState.RUNNABLE, 100, "[thread main]", "dev.example.pool.Master.main", "dev.example.pool.Master.plan");
        Profile worker = new Profile();
        ProcessInfo w = process(7001, "dev.example.pool.Worker");
        w.parentPid = 7000;
        w.endpoints.add(TASKS_PIPE + " read end");
        w.endpoints.add(RESULTS_PIPE + " write end");
        worker.processes().add(w);
        stack(worker, SampleState.NATIVE_IDLE, 100, "[thread main]", "dev.example.pool.Worker.main",
                "java.io.FileInputStream.readBytes", "[NATIVE_IDLE]", FrameNames.waitsOn(TASKS_PIPE + " read end"));
        stack(worker, SampleState.RUNNABLE, 500, "[thread main]", "dev.example.pool.Worker.main", "dev.example.pool.Work.hot");
        java.util.List<Profile> runs = new java.util.ArrayList<>(java.util.List.of(master, worker));
        if (shared) {
            Profile other = new Profile();
            ProcessInfo o = process(7002, "dev.example.Other");
            o.endpoints.add(RESULTS_PIPE + " write end");
            other.processes().add(o);
            stack(other, SampleState.RUNNABLE, 10, "[thread main]", "dev.example.Other.main");
            runs.add(other);
        }
        return runs;
    }

    /** {@link #waits}'s lock: the monitor {@code holder} and {@code holder-2} hold in turn. */
    public static final String WAITS_LOCK = "java.lang.Object@1b6d3586";
    /** {@link #waits}'s chain: chain-a waits on {@link #CHAIN_AB} held by chain-b, which waits on {@link #CHAIN_BC} held by chain-c. */
    public static final String CHAIN_AB = "dev.example.locks.Chain$Lock@2a3b4c5d";
    public static final String CHAIN_BC = "dev.example.locks.Chain$Lock@3c4d5e6f";

    /**
     * One process sampled every 10 ms for 8 s, with times from {@link #POOL_START}, whose waits name their lock
     * and its holder as the sampler writes them ({@code [BLOCKED on ...] [lock class@hash] [held by thread]}):
     * <ul>
     * <li>{@code holder} holds {@link #WAITS_LOCK} and computes in {@code Holder.insideBusy} from 0 to 3 s, then
     * sleeps in {@code Holder.insideSleep} from 3 to 4 s, while {@code w-1} to {@code w-6} are blocked on it
     * every tick; from 4 to 6 s it tidies up ({@code Holder.tidyUp}) with nobody waiting, and the six run
     * {@code Worker.work};</li>
     * <li>{@code holder-2} holds it from 6 to 8 s reading a file (idle in native, {@code Holder.insideIo}) while
     * {@code w-1} to {@code w-3} are blocked on it; {@code w-4} to {@code w-6} run;</li>
     * <li>a chain from 0 to 4 s: {@code chain-a} blocked on {@link #CHAIN_AB} held by {@code chain-b}, blocked
     * on {@link #CHAIN_BC} held by {@code chain-c}, which computes in {@code Chain.work};</li>
     * <li>{@code waiter} in {@code Object.wait} from 0 to 8 s: {@code [no owner]}.</li>
     * </ul>
     */
    public static Profile waits(long pid) {
        Profile p = new Profile();
        ProcessInfo info = process(pid, "dev.example.locks.Locks");
        info.startMillis = POOL_START;
        info.endMillis = POOL_START + 8_000;
        p.processes().add(info);
        String holder = "dev.example.locks.Holder.";
        ticks(p, SampleState.RUNNABLE, 0, 3_000, "[thread holder]", "java.lang.Thread.run", holder + "run", holder + "insideBusy");
        ticks(p, SampleState.TIMED_WAITING, 3_000, 4_000, "[thread holder]", "java.lang.Thread.run", holder + "run", holder + "insideSleep",
                "java.lang.Thread.sleep", "[TIMED_WAITING]");
        ticks(p, SampleState.RUNNABLE, 4_000, 6_000, "[thread holder]", "java.lang.Thread.run", holder + "run", holder + "tidyUp");
        ticks(p, SampleState.NATIVE_IDLE, 6_000, 8_000, "[thread holder-2]", "java.lang.Thread.run", holder + "run", holder + "insideIo",
                "java.io.FileInputStream.readBytes", "[NATIVE_IDLE]");
        for (int k = 1; k <= 6; k++) {
            String thread = "[thread w-" + k + "]";
            String[] enter = {thread, "java.lang.Thread.run", "dev.example.locks.Worker.run", "dev.example.locks.Worker.enter",
                "[BLOCKED on java.lang.Object]", FrameNames.lock(WAITS_LOCK)};
            ticks(p, SampleState.BLOCKED, 0, 4_000, with(enter, FrameNames.heldBy("holder")));
            ticks(p, SampleState.RUNNABLE, 4_000, 6_000, thread, "java.lang.Thread.run", "dev.example.locks.Worker.run", "dev.example.locks.Worker.work");
            if (k <= 3) {
                ticks(p, SampleState.BLOCKED, 6_000, 8_000, with(enter, FrameNames.heldBy("holder-2")));
            } else {
                ticks(p, SampleState.RUNNABLE, 6_000, 8_000, thread, "java.lang.Thread.run", "dev.example.locks.Worker.run", "dev.example.locks.Worker.work");
            }
        }
        ticks(p, SampleState.BLOCKED, 0, 4_000, "[thread chain-a]", "java.lang.Thread.run", "dev.example.locks.Chain.a",
                "[BLOCKED on dev.example.locks.Chain$Lock]", FrameNames.lock(CHAIN_AB), FrameNames.heldBy("chain-b"));
        ticks(p, SampleState.BLOCKED, 0, 4_000, "[thread chain-b]", "java.lang.Thread.run", "dev.example.locks.Chain.b",
                "[BLOCKED on dev.example.locks.Chain$Lock]", FrameNames.lock(CHAIN_BC), FrameNames.heldBy("chain-c"));
        ticks(p, SampleState.RUNNABLE, 0, 4_000, "[thread chain-c]", "java.lang.Thread.run", "dev.example.locks.Chain.work");
        ticks(p, SampleState.WAITING, 0, 8_000, "[thread waiter]", "java.lang.Thread.run", "dev.example.locks.Signal.await", "java.lang.Object.wait0",
                "[WAITING on dev.example.locks.Signal]", FrameNames.lock("dev.example.locks.Signal@5f556076"), FrameNames.NO_OWNER);
        info.stats.samples = p.tree().totalSamples();
        return p;
    }

    /** One sample every 10 ms from {@code fromMs} to before {@code toMs} after {@link #POOL_START}, as a sampler takes them. */
    private static void ticks(Profile p, SampleState state, long fromMs, long toMs, String... frames) {
        timedStack(p, state, (toMs - fromMs) / 10, POOL_START + fromMs, POOL_START + toMs - 10, frames);
    }

    public static FrameKind kindOf(String f) {
        if (f.startsWith("[thread ")) {
            return FrameKind.THREAD;
        }
        if (f.startsWith("[pid ")) {
            return FrameKind.PROCESS;
        }
        if (f.equals("[truncated]")) {
            return FrameKind.TRUNCATED;
        }
        if (f.equals("[jflame]")) {
            return FrameKind.AGENT;
        }
        if (FrameNames.waitTargetKind(f) != null) {
            return FrameNames.waitTargetKind(f);
        }
        if (f.startsWith("[")) {
            return FrameKind.STATE;
        }
        boolean nativeMethod = f.endsWith("Bytes0") || f.endsWith("readBytes") || f.endsWith(".wait0") || f.endsWith(".park") || f.endsWith(".sleep");
        return FrameKind.ofJavaFrame(f.substring(0, Math.max(0, f.lastIndexOf('.'))), nativeMethod);
    }

    public static ProcessInfo process(long pid, String main) {
        ProcessInfo info = new ProcessInfo();
        info.pid = pid;
        info.mainClass = main;
        info.jdk = "17.0.15";
        info.vm = "OpenJDK 64-Bit Server VM";
        info.host = "build-7";
        info.startMillis = 1_700_000_000_000L;
        info.endMillis = info.startMillis + 30_500;
        info.intervalNanos = 10_000_000L;
        Random r = new Random(pid);
        for (int i = 0; i < 3000; i++) {
            info.stats.recordTick(80_000 + r.nextInt(100_000) + (i % 100 == 0 ? 2_000_000 : 0), r.nextInt(50_000), 30_000 + r.nextInt(20_000));
        }
        info.stats.samples = 2400;
        info.stats.activeNanos = 30_500_000_000L;
        return info;
    }

    /**
     * One process: main computes (with a recursive hot method), two workers contend on a lock and
     * park, a timer sleeps, and one stack hit the depth limit.
     */
    public static Profile shop() {
        Profile p = new Profile();
        threads(p, null);
        ProcessInfo info = process(4242, MAIN);
        info.stats.agentSamples = 30; // the [jflame] stack, as the sampler counts it
        p.processes().add(info);
        return p;
    }

    /** Two processes merged: a master and a worker, each with the shop's threads. */
    public static Profile merged() {
        Profile p = new Profile();
        ProcessInfo master = process(4242, MAIN);
        ProcessInfo worker = process(4243, "dev.example.shop.PoolWorker");
        worker.parentPid = master.pid;
        threads(p, master.rootFrameName());
        threads(p, worker.rootFrameName());
        stack(p, SampleState.RUNNABLE, 70, worker.rootFrameName(), "[thread worker-main]", "dev.example.shop.PoolWorker.main",
                "dev.example.shop.Work.hot");
        p.processes().add(master);
        p.processes().add(worker);
        return p;
    }

    private static void threads(Profile p, String process) {
        String[] pre = process == null ? new String[0] : new String[] {process};
        stack(p, SampleState.RUNNABLE, 600, with(pre, "[thread main]", "dev.example.shop.Main.main",
                "dev.example.shop.Work.compute", "dev.example.shop.Work.hot"));
        stack(p, SampleState.RUNNABLE, 50, with(pre, "[thread main]", "dev.example.shop.Main.main",
                "dev.example.shop.Work.compute", "dev.example.shop.Work.hot", "dev.example.shop.Work.hot"));
        stack(p, SampleState.RUNNABLE, 200, with(pre, "[thread main]", "dev.example.shop.Main.main",
                "dev.example.shop.Work.compute", "java.util.HashMap.get"));
        stack(p, SampleState.RUNNABLE, 40, with(pre, "[thread main]", "dev.example.shop.Main.main",
                "dev.example.shop.Work.compute", "java.util.zip.CRC32.updateBytes0"));
        stack(p, SampleState.RUNNABLE, 100, with(pre, "[thread worker-1]", "java.lang.Thread.run",
                "dev.example.shop.Pool.work", "dev.example.shop.Work.hot"));
        stack(p, SampleState.BLOCKED, 300, with(pre, "[thread worker-1]", "java.lang.Thread.run",
                "dev.example.shop.Pool.work", "dev.example.shop.Lock.take", "[BLOCKED on java.lang.Object]"));
        stack(p, SampleState.BLOCKED, 100, with(pre, "[thread worker-2]", "java.lang.Thread.run",
                "dev.example.shop.Pool.work", "dev.example.shop.Lock.take", "[BLOCKED on java.lang.Object]"));
        stack(p, SampleState.PARKED, 150, with(pre, "[thread worker-2]", "java.lang.Thread.run",
                "dev.example.shop.Pool.idle", "jdk.internal.misc.Unsafe.park", "[PARKED]"));
        stack(p, SampleState.WAITING, 120, with(pre, "[thread worker-3]", "java.lang.Thread.run",
                "dev.example.shop.Pool.idle", "java.lang.Object.wait0",
                "[WAITING on java.util.concurrent.locks.ReentrantLock$NonfairSync]"));
        stack(p, SampleState.TIMED_WAITING, 80, with(pre, "[thread timer]", "java.lang.Thread.run",
                "java.lang.Thread.sleep", "[TIMED_WAITING]"));
        stack(p, SampleState.RUNNABLE, 20, with(pre, "[thread main]", "[truncated]", "dev.example.shop.Deep.recurse"));
        stack(p, SampleState.NATIVE_IDLE, 400, with(pre, "[thread feeder]", "java.lang.Thread.run", "dev.example.shop.Feeder.run",
                "java.io.FileInputStream.readBytes", "[NATIVE_IDLE]"));
        stack(p, SampleState.RUNNABLE, 30, with(pre, "[thread main]", "dev.example.shop.Main.main", "java.lang.ProcessBuilder.start", "[jflame]"));
        // A thread caught before its first Java frame: no frames at all, still a sample.
        stack(p, SampleState.RUNNABLE, 3, with(pre, "[thread starting]"));
    }

    private static String[] with(String[] pre, String... frames) {
        String[] all = new String[pre.length + frames.length];
        System.arraycopy(pre, 0, all, 0, pre.length);
        System.arraycopy(frames, 0, all, pre.length, frames.length);
        return all;
    }

    /**
     * A profile of about {@code nodes} call-tree nodes shaped like a real service: a few hundred
     * threads over a call graph of {@code frames} methods, so stacks share prefixes and fan out.
     */
    public static Profile synthetic(int nodes, int frames, long seed) {
        Random r = new Random(seed);
        Profile p = new Profile();
        String[] names = new String[frames];
        FrameKind[] kinds = new FrameKind[frames];
        String[] pkgs = {"com.acme.order", "com.acme.billing", "io.netty.channel", "java.util.concurrent",
            "org.springframework.web", "java.lang", "com.fasterxml.jackson.databind", "jdk.internal.misc", "org.hibernate.engine"};
        for (int i = 0; i < frames; i++) {
            String type = pkgs[r.nextInt(pkgs.length)] + ".Type" + (i / 7) + (i % 5 == 0 ? "$Inner" : "");
            names[i] = type + ".method" + i;
            kinds[i] = FrameKind.ofJavaFrame(type, i % 23 == 0);
        }
        // Each method calls a handful of others; walking that graph gives shared prefixes.
        int[][] callees = new int[frames][];
        for (int i = 0; i < frames; i++) {
            callees[i] = new int[1 + r.nextInt(6)];
            for (int j = 0; j < callees[i].length; j++) {
                callees[i][j] = r.nextInt(frames);
            }
        }
        SampleState[] states = SampleState.values();
        String[] leaves = {null, "[BLOCKED on java.lang.Object]", "[WAITING on java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject]",
            "[TIMED_WAITING]", "[PARKED]"};
        Random times = new Random(seed + 1);
        int threads = 300;
        ProcessInfo info = process(777, "com.acme.order.OrderService");
        p.processes().add(info);
        while (p.tree().size() < nodes) {
            int t = r.nextInt(threads);
            int node = p.tree().child(CallTree.ROOT, p.frames().intern("[thread pool-" + t + "]", FrameKind.THREAD));
            int f = t % 40;
            int depth = 8 + r.nextInt(50);
            for (int d = 0; d < depth; d++) {
                node = p.tree().child(node, p.frames().intern(names[f], kinds[f]));
                f = callees[f][r.nextInt(callees[f].length)];
            }
            int s = r.nextInt(10) < 6 ? 0 : 1 + r.nextInt(4);
            if (leaves[s] != null) {
                node = p.tree().child(node, p.frames().intern(leaves[s], FrameKind.STATE));
            }
            long n = 1 + r.nextInt(r.nextInt(10) == 0 ? 200 : 5);
            p.tree().add(node, states[s], n);
            // Times from a random of their own, so the tree stays what it was before profiles had times.
            long at = info.startMillis + times.nextInt(30_000);
            p.timeline().add(node, states[s], n, at, at + n * 10);
        }
        info.stats.samples = p.tree().totalSamples();
        return p;
    }
}

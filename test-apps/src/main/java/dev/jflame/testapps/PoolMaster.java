package dev.jflame.testapps;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A master JVM with a pool of {@link PoolWorker} JVMs, the JVM version of Python's
 * {@code multiprocessing.Pool}: the profiler must follow it into every worker and merge them all.
 *
 * <p>Options: {@code --workers 4}; {@code --launch mixed} ({@code pb}, {@code exec}, {@code sh}, or
 * {@code mixed} = pb, exec, sh, pb, ... by worker index); {@code --tasks 40}; {@code --task-ms 50} (CPU
 * milliseconds per task); {@code --kill-one-after 0} (seconds after worker 0's first result at which
 * it is SIGKILLed, 0 = never: counted from its own first result, not the start, so the victim has
 * worked that long however slowly the workers started); {@code --exit-first false} (exit without
 * waiting for the workers after sending them {@code quit}); {@code --linger 0} (seconds each worker
 * keeps working after {@code quit}); {@code --master-ms 0} (wall milliseconds the master spins preparing
 * each task, on one {@code producer} thread, before any feeder can send it: with it above
 * {@code task-ms / workers} the pool is starved — its workers wait for the master — where by default it is
 * saturated, the master's feeders waiting for the workers).
 *
 * <p>Tasks go out once every worker has answered a first, empty task, so that each gets its share
 * of them however unevenly the workers' JVMs start.
 *
 * <p>Stdout: {@code worker <i> pid=<pid> kind=<kind> launch=<mode>} per worker, {@code ready},
 * {@code workers up} once every worker has answered (or died), {@code killed worker pid=<pid>} if one
 * was killed, then {@code pool done workers=<n> tasks=<done>}. Exits 0, or 1 if every worker died
 * before the tasks were done.
 */
public final class PoolMaster {

    private static final String[] KINDS = {"alpha", "beta", "gamma", "delta"};
    private static final String[] MIXED = {"pb", "exec", "sh"};

    private PoolMaster() {
    }

    public static void main(String[] argv) throws IOException, InterruptedException {
        Args args = Args.parse("PoolMaster", argv, "workers", "4", "launch", "mixed", "tasks", "40",
                "task-ms", "50", "kill-one-after", "0", "exit-first", "false", "linger", "0", "master-ms", "0");
        int workerCount = args.integer("workers", 1);
        String launch = args.choice("launch", "pb", "exec", "sh", "mixed");
        int taskCount = args.integer("tasks", 0);
        int taskMillis = args.integer("task-ms", 0);
        int masterMillis = args.integer("master-ms", 0);
        long killAfterMillis = args.millisFromSeconds("kill-one-after");
        boolean exitFirst = args.bool("exit-first");
        // Checked here so a bad value fails in the master, then passed on verbatim to every worker.
        args.millisFromSeconds("linger");
        String linger = args.string("linger");

        WorkerProcess[] workers = new WorkerProcess[workerCount];
        for (int i = 0; i < workerCount; i++) {
            String mode = launch.equals("mixed") ? MIXED[i % MIXED.length] : launch;
            workers[i] = WorkerProcess.launch(i, KINDS[i % KINDS.length], mode, linger);
            System.out.println("worker " + i + " pid=" + workers[i].pid() + " kind=" + workers[i].kind()
                    + " launch=" + workers[i].mode());
        }

        BlockingQueue<Integer> tasks = new LinkedBlockingQueue<>();
        if (masterMillis == 0) {
            for (int i = 0; i < taskCount; i++) {
                tasks.add(taskMillis);
            }
        }
        CountDownLatch results = new CountDownLatch(taskCount);
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger liveFeeders = new AtomicInteger(workerCount);
        CountDownLatch started = new CountDownLatch(workerCount);
        Thread[] feeders = new Thread[workerCount];
        for (int i = 0; i < workerCount; i++) {
            feeders[i] = new Thread(new Feeder(workers[i], tasks, results, completed, liveFeeders, started), "feeder-" + i);
            feeders[i].start();
        }
        if (killAfterMillis > 0) {
            startKiller(workers[0], killAfterMillis, results);
        }
        Ready.announce();
        awaitWorkers(started);
        Ready.announce("workers up");
        if (masterMillis > 0) {
            startProducer(tasks, taskCount, taskMillis, masterMillis);
        }

        awaitResults(results);
        for (Thread feeder : feeders) {
            feeder.join();
        }
        for (WorkerProcess worker : workers) {
            worker.quit();
        }
        if (!exitFirst) {
            for (WorkerProcess worker : workers) {
                worker.waitFor();
            }
        }
        System.out.println("pool done workers=" + workerCount + " tasks=" + completed.get());
        System.out.flush();
        if (completed.get() < taskCount) {
            System.err.println("PoolMaster: every worker died with " + (taskCount - completed.get()) + " tasks left");
            System.exit(1);
        }
        // exit() rather than return: with --exit-first the workers are still running and we must not linger.
        System.exit(0);
    }

    /** The master's wait for its workers' JVMs to start (each answers a first, empty task). */
    static void awaitWorkers(CountDownLatch started) throws InterruptedException {
        started.await();
    }

    /** The master's idle time: waiting for the pool, visible in the profile under this frame. */
    static void awaitResults(CountDownLatch results) throws InterruptedException {
        results.await();
    }

    /** A slow master: one thread prepares the tasks one by one, {@code masterMillis} of spinning each. */
    private static void startProducer(BlockingQueue<Integer> tasks, int taskCount, int taskMillis, int masterMillis) {
        Thread producer = new Thread(() -> {
            for (int i = 0; i < taskCount; i++) {
                prepareTask(masterMillis);
                tasks.add(taskMillis);
            }
        }, "producer");
        producer.setDaemon(true);
        producer.start();
    }

    /** The master's own work per task in a starved pool, under this frame. */
    static long prepareTask(int millis) {
        return Spin.until(System.nanoTime() + millis * 1_000_000L, millis);
    }

    private static void startKiller(WorkerProcess victim, long afterMillis, CountDownLatch results) {
        Thread killer = new Thread(new Killer(victim, afterMillis, results), "killer");
        killer.setDaemon(true);
        killer.start();
    }

    /** SIGKILLs one worker a while after its first result, unless the pool has already finished. */
    private static final class Killer implements Runnable {
        private final WorkerProcess victim;
        private final long afterMillis;
        private final CountDownLatch results;

        Killer(WorkerProcess victim, long afterMillis, CountDownLatch results) {
            this.victim = victim;
            this.afterMillis = afterMillis;
            this.results = results;
        }

        @Override
        public void run() {
            try {
                while (victim.tasksDone() == 0 && results.getCount() > 0) {
                    Thread.sleep(10);
                }
                Thread.sleep(afterMillis);
            } catch (InterruptedException e) {
                return;
            }
            if (results.getCount() > 0) {
                victim.kill();
                System.out.println("killed worker pid=" + victim.pid());
                System.out.flush();
            }
        }
    }
}

package dev.jflame.testapps;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feeds one worker from the pool's shared task queue: once every worker has answered a first, empty
 * task, take a task, send it, wait for {@code done}, repeat. Runs on its own {@code feeder-N} thread.
 * If its worker dies, the task in flight goes back on the queue for the others and the feeder stops.
 */
final class Feeder implements Runnable {

    private final WorkerProcess worker;
    private final BlockingQueue<Integer> tasks;
    private final CountDownLatch results;
    private final AtomicInteger completed;
    private final AtomicInteger liveFeeders;
    /** Counted down by each feeder once its worker has answered a first, empty task (or died). */
    private final CountDownLatch started;

    Feeder(WorkerProcess worker, BlockingQueue<Integer> tasks, CountDownLatch results,
           AtomicInteger completed, AtomicInteger liveFeeders, CountDownLatch started) {
        this.worker = worker;
        this.started = started;
        this.tasks = tasks;
        this.results = results;
        this.completed = completed;
        this.liveFeeders = liveFeeders;
    }

    @Override
    public void run() {
        try {
            boolean up = worker.awaitStarted();
            started.countDown();
            if (!up) {
                System.err.println("PoolMaster: worker " + worker.index() + " died before its first task, its feeder stops");
                return;
            }
            // Tasks go out once every worker is up: one whose JVM starts slowly (a loaded machine)
            // would otherwise find the queue emptied by the others and do nothing.
            started.await();
            // Poll with a timeout rather than stop at an empty queue: a task that a dying worker
            // hands back can arrive after the queue first looked empty.
            while (results.getCount() > 0) {
                Integer task = tasks.poll(50, TimeUnit.MILLISECONDS);
                if (task == null) {
                    continue;
                }
                if (!worker.submit(task)) {
                    tasks.add(task);
                    System.err.println("PoolMaster: worker " + worker.index() + " is gone, its feeder stops");
                    return;
                }
                completed.incrementAndGet();
                results.countDown();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // With no feeder left nobody can finish the remaining tasks; release the master instead of
            // letting it wait forever.
            if (liveFeeders.decrementAndGet() == 0) {
                while (results.getCount() > 0) {
                    results.countDown();
                }
            }
        }
    }
}

package dev.jflame.testapps;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feeds one worker from the pool's shared task queue: take a task, send it, wait for {@code done},
 * repeat. Runs on its own {@code feeder-N} thread. If its worker dies, the task in flight goes back on
 * the queue for the others and the feeder stops.
 */
final class Feeder implements Runnable {

    private final WorkerProcess worker;
    private final BlockingQueue<Integer> tasks;
    private final CountDownLatch results;
    private final AtomicInteger completed;
    private final AtomicInteger liveFeeders;
    private final AtomicInteger unanswered;

    /** @param unanswered the workers yet to answer a task: the feeder that takes it to 0 prints {@code working} */
    Feeder(WorkerProcess worker, BlockingQueue<Integer> tasks, CountDownLatch results,
           AtomicInteger completed, AtomicInteger liveFeeders, AtomicInteger unanswered) {
        this.worker = worker;
        this.tasks = tasks;
        this.results = results;
        this.completed = completed;
        this.liveFeeders = liveFeeders;
        this.unanswered = unanswered;
    }

    @Override
    public void run() {
        boolean answered = false;
        try {
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
                if (!answered) {
                    answered = true;
                    if (unanswered.decrementAndGet() == 0) {
                        Ready.announce("working");
                    }
                }
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

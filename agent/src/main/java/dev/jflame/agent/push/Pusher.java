package dev.jflame.agent.push;

import dev.jflame.agent.output.AgentLog;
import dev.jflame.core.model.Profile;
import dev.jflame.core.sampler.Sampler;
import java.util.concurrent.TimeUnit;

/**
 * The push thread ({@code jflame-push}): every period it takes the sampler's period, encodes it and
 * sends what the queue holds, oldest first. A store that does not answer, answers 429 or a 5xx, or drops
 * the connection gets the same period again after a {@link Backoff} wait, while new periods queue behind
 * it up to the {@link PushQueue}'s bounds; a 4xx other than 408 and 429 refuses that period for good (sent
 * again it would be refused again). One line when sending starts failing, one when it works again, never
 * one per period. At exit the last period is sent within {@link #EXIT_MILLIS}, then given up with one line.
 */
public final class Pusher {
    /** Time the last period gets at exit, sends included. */
    static final long EXIT_MILLIS = 2_000;
    /** Periods kept while the store is away: 10 minutes at the default 15 s. */
    static final int MAX_QUEUED_PERIODS = 40;
    /** Bytes kept while the store is away. */
    static final long MAX_QUEUED_BYTES = 16L << 20;

    private final Sampler sampler;
    private final PushProtocol protocol;
    private final HttpSender sender;
    private final long periodMillis;
    private final String target;
    private final PushQueue queue = new PushQueue(MAX_QUEUED_PERIODS, MAX_QUEUED_BYTES);
    private final Backoff backoff = new Backoff();
    private final Object lock = new Object();
    private Thread thread;
    private boolean stopping;
    /** Whether the last send failed (a line was printed for it). */
    private boolean failing;
    /** Whether a store's rejection of part of a period was said (once per run: it would say the same each period). */
    private boolean rejectionSaid;
    private long sent;

    Pusher(Sampler sampler, PushProtocol protocol, HttpSender sender, long periodMillis, String target) {
        this.sampler = sampler;
        this.protocol = protocol;
        this.sender = sender;
        this.periodMillis = periodMillis;
        this.target = target;
    }

    /** Starts the push thread; {@code excluded} keeps it out of the profile. */
    void start() {
        thread = new Thread(new Runnable() {
            @Override
            public void run() {
                loop();
            }
        }, "jflame-push");
        thread.setDaemon(true);
        sampler.exclude(thread);
        thread.start();
    }

    private void loop() {
        long nextCut = System.currentTimeMillis() + periodMillis;
        long nextSend = 0;
        try {
            while (true) {
                synchronized (lock) {
                    long now = System.currentTimeMillis();
                    long wake = queue.isEmpty() ? nextCut : Math.min(nextCut, Math.max(now, nextSend));
                    while (!stopping && now < wake) {
                        lock.wait(wake - now);
                        now = System.currentTimeMillis();
                    }
                    if (stopping) {
                        return;
                    }
                }
                long now = System.currentTimeMillis();
                if (now >= nextCut) {
                    cut(false);
                    // Periods keep their length even when a send ran late: the next cut is on the grid.
                    while (nextCut <= now) {
                        nextCut += periodMillis;
                    }
                }
                if (System.currentTimeMillis() >= nextSend) {
                    long wait = sendQueued(sender, Long.MAX_VALUE);
                    nextSend = wait <= 0 ? 0 : System.currentTimeMillis() + wait;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (OutOfMemoryError e) {
            AgentLog.error("pushing stops: out of memory");
        } catch (RuntimeException e) {
            AgentLog.error("pushing stops: " + e);
        }
    }

    /** Takes the sampler's period ({@code last}: at exit, everything still pending with it) into the queue. */
    private void cut(boolean last) {
        Profile period = last ? sampler.cutLastPeriod() : sampler.cutPeriod();
        try {
            queue.makeRoom();
            queue.add(protocol.encode(period, queue.uncarried()));
        } catch (java.io.IOException e) {
            AgentLog.error("cannot encode a period for " + protocol.name() + ": " + e.getMessage());
        }
    }

    /**
     * Sends the queue, oldest first, until it is empty, a send fails or {@code deadlineMillis} passes;
     * returns how long to wait before trying again (0 when the queue was emptied).
     */
    private long sendQueued(HttpSender sender, long deadlineMillis) {
        while (!queue.isEmpty() && System.currentTimeMillis() < deadlineMillis) {
            PushRequest r = queue.peek();
            HttpSender.Outcome o = sender.send(r);
            if (o.accepted()) {
                queue.remove();
                sent++;
                backoff.succeeded();
                if (failing) {
                    long dropped = queue.takeDropped();
                    failing = false;
                    AgentLog.info("pushing to " + target + " works again" + (dropped > 0 ? "; " + dropped + " periods were dropped meanwhile" : ""));
                }
                String rejection = protocol.rejection(o.response);
                if (rejection != null && !rejectionSaid) {
                    rejectionSaid = true;
                    AgentLog.error("pushing to " + target + ": the store took a period but says " + rejection
                            + " (not sent again, as " + protocol.name() + " asks; said once)");
                }
                continue;
            }
            if (!o.retryable()) {
                queue.dropOldest();
            }
            if (!failing) {
                failing = true;
                AgentLog.error("pushing to " + target + " fails: " + o.problem + (o.retryable()
                        ? "; retrying with backoff, keeping up to " + MAX_QUEUED_PERIODS + " periods"
                        : "; that period is dropped") + " (one line when it works again)");
            }
            if (!o.retryable()) {
                continue;
            }
            return backoff.failed(Backoff.retryAfterMillis(o.retryAfter, System.currentTimeMillis()));
        }
        return 0;
    }

    /** At exit: stops the thread, cuts the last period and sends what is queued, within {@link #EXIT_MILLIS}. */
    public void finish() {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        long deadline = System.currentTimeMillis() + EXIT_MILLIS;
        if (thread != null) {
            try {
                thread.join(EXIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                AgentLog.error("pushing to " + target + ": a send still hangs at exit; the last period is not sent");
                return;
            }
        }
        cut(true);
        // A send waits at most its connect and its read timeout: half of what is left each.
        int half = (int) Math.max(1, (deadline - System.currentTimeMillis()) / 2);
        sendQueued(sender.withTimeouts(half, half), deadline);
        if (!queue.isEmpty()) {
            AgentLog.error("pushing to " + target + ": " + queue.size() + " periods not sent at exit (gave up after "
                    + TimeUnit.MILLISECONDS.toSeconds(EXIT_MILLIS) + " s)");
        }
    }

    /** Periods the store accepted so far. */
    long sent() {
        return sent;
    }
}

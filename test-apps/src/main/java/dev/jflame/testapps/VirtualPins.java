package dev.jflame.testapps;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Virtual threads that pin their carrier: {@code --threads 4} virtual threads named {@code pinner}, each
 * in a loop of two phases. {@link #sleep} sleeps about {@code --sleep-millis 100} (the virtual thread
 * unmounts: its carrier is free); {@link #pin} initialises a class, {@link SlowInit}, afresh each time
 * (defined anew by a class loader of its own, so its static initializer runs every time), whose initializer
 * sleeps about {@code --pin-millis 100} in {@link #holdCarrier}. A virtual thread that parks inside a class
 * initializer cannot unmount (the JVM's initializer call is a native frame on its stack, JDK 24+ as before):
 * its carrier is held for the whole sleep, and JDK 21+ record a {@code jdk.VirtualThreadPinned} event.
 *
 * <p>The program counts its threads in each phase itself ({@link PhaseCounts}; {@code pinned} is the time
 * in {@link #holdCarrier}'s sleep alone, not the class loading around it) and prints {@code phases
 * sleep=…/share pinned=…/share readings=N} every second and {@code final phases …} at the end, after
 * {@code --seconds 8}. So that a pinned thread never waits for a carrier (which would count as neither
 * phase), it sets {@code jdk.virtualThreadScheduler.parallelism} to the number of threads unless the
 * command line sets it. {@code --wait-for-jfr false} (true: the threads start once JFR gives the profiler in
 * this JVM its stacks; see {@link JfrRunning}). Prints {@code ready} once they run. Needs JDK 21+ (the
 * virtual threads are made by reflection: this code is built for 11); elsewhere it exits with status 2.
 */
public final class VirtualPins {
    static final String[] PHASES = {"sleep", "pinned"};

    private static PhaseCounts phases;
    private static long sleepMillis;
    private static long pinMillis;
    /** The class file of {@link SlowInit}, defined anew by each {@link OneClassLoader}. */
    private static byte[] slowInitBytes;

    private VirtualPins() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse("VirtualPins", argv, "threads", "4", "seconds", "8", "sleep-millis", "100", "pin-millis", "100",
                "wait-for-jfr", "false");
        int threads = args.integer("threads", 1);
        long millis = args.millisFromSeconds("seconds");
        sleepMillis = args.integer("sleep-millis", 0);
        pinMillis = args.integer("pin-millis", 1);
        if (Runtime.version().feature() < 21) {
            throw args.fail("virtual threads need JDK 21 or later (this is " + Runtime.version().feature() + ")");
        }
        if (System.getProperty("jdk.virtualThreadScheduler.parallelism") == null) {
            // Read when the first virtual thread is made: every pinner may hold a carrier at once.
            System.setProperty("jdk.virtualThreadScheduler.parallelism", Integer.toString(threads));
        }
        slowInitBytes = classFile(SlowInit.class);
        if (args.bool("wait-for-jfr")) {
            JfrRunning.await("VirtualPins");
        }
        phases = new PhaseCounts(5, PHASES);
        phases.start();
        ThreadFactory pinners = virtualThreads("pinner");
        for (int i = 0; i < threads; i++) {
            Thread t = pinners.newThread(new Pinner());
            t.setDaemon(true);
            t.start();
        }
        Ready.announce();
        long end = System.nanoTime() + millis * 1_000_000L;
        for (long left = millis; left > 0; left = (end - System.nanoTime()) / 1_000_000L) {
            Thread.sleep(Math.min(left, 1000));
            Ready.announce("phases " + phases.line());
        }
        phases.stop();
        Ready.announce("final phases " + phases.line());
        System.exit(0);
    }

    /** A named class, not a lambda, for a stable frame name. */
    private static final class Pinner implements Runnable {
        @Override
        public void run() {
            try {
                // Not all in step: each starts at a random point of the loop (asleep), as a census sees them later.
                sleep(ThreadLocalRandom.current().nextLong(sleepMillis + pinMillis + 1));
                while (true) {
                    sleep(around(sleepMillis));
                    pin();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ReflectiveOperationException e) {
                System.err.println("pinner: " + e);
            }
        }
    }

    /** Sleeps unpinned: the virtual thread leaves its carrier. */
    static void sleep(long millis) throws InterruptedException {
        phases.enter(0);
        try {
            Thread.sleep(millis);
        } finally {
            phases.leave(0);
        }
    }

    /** Initialises a fresh copy of {@link SlowInit}: the thread is pinned while its initializer sleeps. */
    static void pin() throws ReflectiveOperationException {
        Class.forName(SlowInit.class.getName(), true, new OneClassLoader());
    }

    /** Called by {@link SlowInit}'s initializer (from another class loader, hence public). */
    public static void holdCarrier() {
        phases.enter(1);
        try {
            Thread.sleep(around(pinMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            phases.leave(1);
        }
    }

    /** A time from half to one and a half times {@code millis}, so the threads do not move in step. */
    static long around(long millis) {
        return millis / 2 + ThreadLocalRandom.current().nextLong(millis + 1);
    }

    /** Its static initializer holds the carrier. Public: the copies live in other class loaders. */
    public static final class SlowInit {
        static {
            holdCarrier();
        }

        private SlowInit() {
        }
    }

    /** Defines its own {@link SlowInit}; every other class comes from the program's loader. */
    private static final class OneClassLoader extends ClassLoader {
        OneClassLoader() {
            super(VirtualPins.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(SlowInit.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : defineClass(name, slowInitBytes, 0, slowInitBytes.length);
            }
        }
    }

    private static byte[] classFile(Class<?> c) throws IOException {
        String resource = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream in = c.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no class file for " + c.getName());
            }
            return in.readAllBytes();
        }
    }

    /** {@code Thread.ofVirtual().name(name).factory()}: virtual threads all named {@code name}. */
    private static ThreadFactory virtualThreads(String name) throws ReflectiveOperationException {
        Class<?> builder = Class.forName("java.lang.Thread$Builder");
        Object b = Thread.class.getMethod("ofVirtual").invoke(null);
        b = builder.getMethod("name", String.class).invoke(b, name);
        return (ThreadFactory) builder.getMethod("factory").invoke(b);
    }
}

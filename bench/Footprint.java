import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.Random;

/**
 * Heap held by a profile with N unique stacks, measured as the growth of the used heap after full
 * GCs. Stacks are built the way the sampler builds them (interned frames, one path per stack under a
 * thread frame, a state leaf on waits) from a pool of 5 000 method names, 20–60 frames deep, sharing
 * prefixes as real stacks do. Run from the repository root after a build:
 * {@code java -cp agent/target/jflame.jar bench/Footprint.java [stacks=100000]}.
 */
public final class Footprint {
    public static void main(String[] args) {
        int stacks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long before = usedAfterGc();
        Profile p = build(stacks, new Random(42));
        long after = usedAfterGc();
        Profile copy = p.copy(); // what a write holds on top, briefly
        long withCopy = usedAfterGc();
        System.out.printf(Locale.ROOT, "unique stacks %d, call-tree nodes %d, frames %d%n", stacks, p.tree().size(), p.frames().size());
        System.out.printf(Locale.ROOT, "profile heap: %.1f MB (%.0f bytes per unique stack); during a write (snapshot copy): +%.1f MB%n",
                (after - before) / 1e6, (after - before) / (double) stacks, (withCopy - after) / 1e6);
        System.out.println("(keep alive: " + p.tree().totalSamples() + copy.tree().size() + ")");
    }

    static Profile build(int stacks, Random rnd) {
        Profile p = new Profile();
        String[] methods = new String[5_000];
        for (int i = 0; i < methods.length; i++) {
            methods[i] = "com.example.service.module" + (i % 50) + ".Component" + (i / 50) + ".method" + i;
        }
        int[] threads = new int[50];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = p.tree().child(CallTree.ROOT, p.frames().intern("[thread worker-" + t + "]", FrameKind.THREAD));
        }
        int made = 0;
        while (made < stacks) {
            int node = threads[rnd.nextInt(threads.length)];
            int depth = 20 + rnd.nextInt(41);
            for (int d = 0; d < depth; d++) {
                // Shallow frames come from a small set, deep ones from the whole pool: shared prefixes.
                int range = Math.min(methods.length, 10 + d * d * 4);
                node = p.tree().child(node, p.frames().intern(methods[rnd.nextInt(range)], FrameKind.JAVA));
            }
            if (p.tree().selfTotal(node) == 0) {
                made++;
            }
            p.tree().add(node, SampleState.RUNNABLE, 1);
        }
        return p;
    }

    static long usedAfterGc() {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return mx.getHeapMemoryUsage().getUsed();
    }
}

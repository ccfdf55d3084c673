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
 * thread frame), branching off each other near the leaf as real stacks do (see {@link #build}). Run from the repository root after a build:
 * {@code java -cp agent/target/jflame.jar bench/Footprint.java [stacks=100000]}.
 */
public final class Footprint {
    public static void main(String[] args) {
        int stacks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long before = usedAfterGc();
        Profile p = build(stacks, new Random(42));
        long after = usedAfterGc() - (long) stacks * Integer.BYTES; // less the generator's own leaf list
        Profile copy = p.copy(); // what a write holds on top, briefly
        long withCopy = usedAfterGc();
        System.out.printf(Locale.ROOT, "unique stacks %d, call-tree nodes %d, frames %d%n", stacks, p.tree().size(), p.frames().size());
        System.out.printf(Locale.ROOT, "profile heap: %.1f MB (%.0f bytes per unique stack, %.0f per node); during a write (snapshot copy): +%.1f MB%n",
                (after - before) / 1e6, (after - before) / (double) stacks, (after - before) / (double) p.tree().size(), (withCopy - after) / 1e6);
        System.out.println("(keep alive: " + p.tree().totalSamples() + copy.tree().size() + ")");
    }

    static Profile build(int stacks, Random rnd) {
        Profile p = new Profile();
        int methods = 20_000;
        int[] frameIds = new int[methods];
        for (int i = 0; i < methods; i++) {
            frameIds[i] = p.frames().intern("com.example.service.module" + (i % 50) + ".Component" + (i / 50) + ".method" + i, FrameKind.JAVA);
        }
        // Real stacks share long prefixes: each new unique stack leaves an existing one 1–10 frames
        // above its leaf and ends in a new tail of the same length (5.5 new nodes on average), so
        // depth stays at ~40 and the tree has ~5–6 nodes per unique stack.
        int[] leaves = new int[stacks];
        int made = 0;
        for (int t = 0; t < 50 && made < stacks; t++) {
            int node = p.tree().child(CallTree.ROOT, p.frames().intern("[thread worker-" + t + "]", FrameKind.THREAD));
            for (int d = 0; d < 40; d++) {
                node = p.tree().child(node, frameIds[rnd.nextInt(methods)]);
            }
            p.tree().add(node, SampleState.RUNNABLE, 1);
            leaves[made++] = node;
        }
        while (made < stacks) {
            int up = 1 + rnd.nextInt(10);
            int node = leaves[rnd.nextInt(made)];
            for (int i = 0; i < up; i++) {
                node = p.tree().parent(node);
            }
            for (int i = 0; i < up; i++) {
                node = p.tree().child(node, frameIds[rnd.nextInt(methods)]);
            }
            if (p.tree().selfTotal(node) == 0) {
                leaves[made++] = node;
            }
            p.tree().add(node, SampleState.RUNNABLE, 1 + rnd.nextInt(5));
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

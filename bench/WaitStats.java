import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.format.json.JsonProfileReader;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SamplerStats;
import java.io.FileInputStream;
import java.util.Map;

/**
 * What a LockCrowd profile says of its own cost and of its waits: ticks, holder reads per tick, the
 * tick's CPU, the tree's size, and the share of the waiters' blocked samples that name their own
 * lock's holder ({@code waiter-<i>-<j>} waits for {@code holder-<i>}).
 *
 * <pre>java -cp agent/target/jflame.jar bench/WaitStats.java crowd.json</pre>
 */
public final class WaitStats {
    public static void main(String[] args) throws Exception {
        Profile p;
        try (FileInputStream in = new FileInputStream(args[0])) {
            p = new JsonProfileReader().read(in);
        }
        SamplerStats st = p.processes().get(0).stats;
        long blocked = 0;
        long named = 0;
        for (Map.Entry<String, Long> e : new CollapsedWriter(true, true).lines(p).entrySet()) {
            String l = e.getKey();
            if (l.startsWith("[thread waiter-") && l.contains("[BLOCKED on")) {
                blocked += e.getValue();
                String thread = l.substring("[thread waiter-".length(), l.indexOf(']'));
                if (l.endsWith("[held by holder-" + thread.substring(0, thread.lastIndexOf('-')) + "]")) {
                    named += e.getValue();
                }
            }
        }
        var cpu = st.tickCpuMicros();
        System.out.printf("ticks %d, holder reads %.1f a tick, tick CPU p50 %d us p99 %d us; tree %d nodes, %d frames, %d stacks cut by"
                + " the budget; waiters' blocked samples %d, naming their lock's holder %.2f %%%n", st.ticks,
                (double) st.holdersRead / Math.max(1, st.ticks), cpu.getValueAtPercentile(50), cpu.getValueAtPercentile(99),
                p.tree().size(), p.frames().size(), st.budgetCuts, blocked, 100.0 * named / Math.max(1, blocked));
    }
}

import dev.jflame.core.format.json.JsonProfileReader;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.Timeline;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * What a profile's time data holds and costs: for each JSON profile named (a run's output, or each file of its
 * spool), the samples, the timeline's cells and their width, its entries (runs among them) and the heap its
 * cells and runs take, beside the call tree's. Read back, a timeline's cells and runs are filled as the agent
 * filled them, so the bytes are about the agent's. From the repository root after a build:
 *
 * <pre>java -cp agent/target/jflame.jar bench/TimelineHeap.java profile.json [more.json ...]</pre>
 */
public final class TimelineHeap {
    public static void main(String[] argv) throws Exception {
        System.out.println("| profile | samples | span | cells × width | entries (runs) | timeline heap | tree nodes | tree heap |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String a : argv) {
            Path file = Paths.get(a);
            Profile p = new JsonProfileReader().read(file);
            Timeline t = p.timeline();
            CallTree tree = p.tree();
            System.out.printf(Locale.ROOT, "| %s | %d | %.0f s | %d × %.2f s | %d (%d) | %.2f MB | %d | %.2f MB |%n",
                    file.getFileName(), tree.totalSamples(), (p.endMillis() - p.startMillis()) / 1000.0,
                    t.cellCount(), t.cellMillis() / 1000.0, t.entries(), t.runCount(), t.footprintBytes() / 1e6, tree.size(),
                    tree.size() * (double) CallTree.BYTES_PER_NODE / 1e6);
        }
    }
}

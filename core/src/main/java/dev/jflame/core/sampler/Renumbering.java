package dev.jflame.core.sampler;

import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameTable;
import dev.jflame.core.model.Profile;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The nodes of a call tree that push mode emptied, found again in the fresh tree that replaces it: a node
 * asked for is made there with the same frames, by name, from the root down, and only the nodes asked for
 * (and their ancestors) are made. For everything that holds node ids across the reset
 * ({@link ThreadSampling#startFreshTreeIfDue}). It also tells which old nodes the memory budget had cut
 * short, whose caches are better dropped and taken afresh, and gives a thread that started past the budget
 * its own node. Confined to the sampler thread, under the sampler's lock; used for one reset.
 */
final class Renumbering {
    private static final int NOT_MADE = -2;

    private final CallTree old;
    private final FrameTable oldFrames;
    private final StackRecorder recorder;
    /** The fresh tree's node of each old node, or {@link #NOT_MADE}. */
    private final int[] made;
    /** The old tree's frames that say the budget cut a path short; -1 where it has none. */
    private final int budgetFrame;
    private final int threadsOverBudgetFrame;
    /** Each thread's node in the fresh tree, by thread id, as its slot found it (a thread past the budget gets its own). */
    private final Map<Long, Integer> threadNodes = new HashMap<>();
    private int[] path = new int[64];

    /**
     * @param before the tree before the reset with its frames: a copy with the tree's own node numbering
     *     ({@link Profile#copy()} makes the nodes in order), so the live tree may be emptied at once
     */
    Renumbering(Profile before, StackRecorder recorder) {
        this.old = before.tree();
        this.oldFrames = before.frames();
        this.recorder = recorder;
        this.made = new int[old.size()];
        Arrays.fill(made, NOT_MADE);
        made[CallTree.ROOT] = CallTree.ROOT;
        this.budgetFrame = oldFrames.find(StackRecorder.BUDGET);
        this.threadsOverBudgetFrame = oldFrames.find(StackRecorder.THREADS_OVER_BUDGET);
    }

    /** The fresh tree's node with the path of {@code oldNode}, made now if need be; a negative id (none) stays as it is. */
    int node(int oldNode) {
        if (oldNode < 0) {
            return oldNode;
        }
        int k = 0;
        for (int n = oldNode; made[n] == NOT_MADE; n = old.parent(n)) {
            if (k == path.length) {
                path = Arrays.copyOf(path, k * 2);
            }
            path[k++] = n;
        }
        // Parents first: each node is made under its parent's new node.
        for (int i = k - 1; i >= 0; i--) {
            int n = path[i];
            int f = old.frame(n);
            made[n] = recorder.remake(made[old.parent(n)], oldFrames.name(f), oldFrames.kind(f));
        }
        return made[oldNode];
    }

    /**
     * Whether the budget cut {@code oldNode}'s path short: it runs through {@code [truncated: budget]} or the
     * one node of the threads started past the budget. Nothing is made.
     */
    boolean cutByBudget(int oldNode) {
        for (int n = oldNode; n > CallTree.ROOT; n = old.parent(n)) {
            int f = old.frame(n);
            if (f == budgetFrame || f == threadsOverBudgetFrame) {
                return true;
            }
        }
        return false;
    }

    /** Says that the thread {@code threadId}'s node in the fresh tree is {@code node} (its slot found it). */
    void threadNodeIs(long threadId, int node) {
        threadNodes.put(threadId, node);
    }

    /**
     * The fresh tree's node of thread {@code threadId}, whose node was {@code oldNode}: the one its slot
     * found, where it has one (a thread past the budget then has its own), else the same path.
     */
    int threadNode(long threadId, int oldNode) {
        Integer own = threadNodes.get(threadId);
        return own != null ? own : node(oldNode);
    }
}

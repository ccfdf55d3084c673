package dev.jflame.core.sampler;

import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.FrameTable;
import dev.jflame.core.model.SampleState;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a captured stack into a path in the call tree and classifies the thread's state.
 * Confined to the sampler thread (called under the profile lock).
 */
final class StackRecorder {
    static final String TRUNCATED = FrameNames.TRUNCATED;
    static final String AGENT = FrameNames.AGENT;
    static final String BUDGET = "[truncated: budget]";
    /** Running ticks of a thread that the asynchronous sampler took no stack of in their window. */
    static final String NOT_SAMPLED = "[running, no JFR sample]";
    /** Ticks of a wait that began and ended between two captures the safepoint budget allowed ({@link BetweenCaptures}). */
    static final String NOT_TAKEN = NoStack.BETWEEN_CAPTURES.frame;

    /** Why wait samples have no stack of their own: the frame they go under, below their thread. */
    enum NoStack {
        /** The wait began and ended between two captures the safepoint budget allowed ({@link BetweenCaptures}). */
        BETWEEN_CAPTURES("[stack not taken: between safepoint-budget captures]"),
        /** The scan saw the wait, and it had ended when the thread was read again a moment later ({@link EndedWaits}). */
        WAIT_ENDED("[stack not taken: the wait ended before its capture]");

        final String frame;

        NoStack(String frame) {
            this.frame = frame;
        }
    }

    /** A carrier thread's samples while it ran a virtual thread, whose own samples are in its group. */
    static final String CARRYING = FrameNames.CARRYING;
    static final String THREADS_OVER_BUDGET = "[thread (started past the memory budget)]";
    /**
     * Packages of jflame's code that runs on application threads: the agent (the transformer that
     * weaves {@code ProcessBuilder}, the child-command rewriter) and the libraries shaded into it.
     * Core and page code run only on jflame's own threads, which are never sampled.
     */
    private static final String[] AGENT_PACKAGES = {"dev.jflame.agent.", "dev.jflame.shaded."};

    private final FrameTable frames;
    private final CallTree tree;
    private final Counts counts;
    private final int depth;
    /** Stack elements seen before, so a known frame costs one hash lookup and no string building. */
    private final Map<StackTraceElement, Integer> elementFrames = new HashMap<>();
    // The synthetic frames, interned at the start and again on a fresh tree (startAfresh).
    private int truncatedFrame;
    private int agentFrame;
    private int budgetFrame;
    private int notSampledFrame;
    /** The frames of {@link NoStack}, by ordinal. */
    private final int[] noStackFrames = new int[NoStack.values().length];
    private int carryingFrame;
    /**
     * How many times the tree and the frames were emptied ({@link #startAfresh}): a {@link JfrMethod}'s frame
     * id stands only in the epoch it was looked up in.
     */
    private int epoch;
    /** Past this many nodes a stack's new frames are not added: it ends in {@link #BUDGET} instead. */
    private final int softLimit;
    /** Past this many, not even {@link #BUDGET} or state leaves are added: samples stay at the deepest node there is. */
    private final int hardLimit;
    /** Scratch for a captured stack's frame ids. */
    private int[] ids = new int[64];
    /** Set by {@link #record}: whether the budget cut that stack short. */
    boolean lastCut;
    /**
     * Heap taken by frame names and remembered stack elements: the tree's budget is in nodes, and these
     * count against it as the nodes they could have been. A node's measured cost covers the names of an
     * ordinary program; one that makes ever-new method names (generated classes) must not grow past it.
     */
    private long nameBytes;
    /** Heap of a remembered stack element with its map entry. */
    private static final int BYTES_PER_ELEMENT = 32 + 72;
    /** Heap of a frame name beside its characters: the string, its map entry and its places in the table's lists. */
    private static final int BYTES_PER_NAME = 40 + 32 + 16;
    /** The {@code [lock ...]} and {@code [held by ...]} frames by the lock's and the holder's names, so a known one costs no string building. */
    private final Map<String, Integer> lockFrames = new HashMap<>();
    private final Map<String, Integer> holderFrames = new HashMap<>();
    private final Map<String, Integer> peerFrames = new HashMap<>();
    /** Heap of an entry of those maps beside the frame's name. */
    private static final int BYTES_PER_WAIT_NAME = 48;
    /** Frame ids that are jflame's own code. */
    private final BitSet agentFrames = new BitSet();

    /** @param budgetBytes heap the call tree may take; see {@link CallTree#BYTES_PER_NODE} */
    StackRecorder(FrameTable frames, Counts counts, int depth, long budgetBytes) {
        this.frames = frames;
        this.counts = counts;
        this.tree = counts.tree;
        this.depth = depth;
        internSynthetic();
        int nodes = CallTree.nodesWithin(budgetBytes);
        this.softLimit = nodes - nodes / 9;
        this.hardLimit = nodes;
    }

    private void internSynthetic() {
        truncatedFrame = frames.intern(TRUNCATED, FrameKind.TRUNCATED);
        agentFrame = frames.intern(AGENT, FrameKind.AGENT);
        budgetFrame = frames.intern(BUDGET, FrameKind.TRUNCATED);
        notSampledFrame = frames.intern(NOT_SAMPLED, FrameKind.TRUNCATED);
        for (NoStack why : NoStack.values()) {
            noStackFrames[why.ordinal()] = frames.intern(why.frame, FrameKind.TRUNCATED);
        }
        carryingFrame = frames.intern(CARRYING, FrameKind.TRUNCATED);
    }

    /**
     * Whether push mode should start the next period on a fresh tree ({@link ThreadSampling#startFreshTreeIfDue}):
     * the tree and its names have passed half the budget. Half, because the fresh tree grows back with the
     * stacks still held and with what the next period brings, and the period between two cuts must fit in
     * what is left below the point where new stacks are cut short (8/9 of the budget): half leaves that
     * period 39 % of the budget, and makes resets rare (each remakes the held stacks and may cost a capture
     * of the waits cut short). A lower mark would reset more often for nothing; a higher one would leave a
     * busy period too little room. A JVM whose stacks in use alone pass half the budget starts afresh at
     * every cut, each reset costing about what the cut's copy of the tree does.
     */
    boolean freshTreeDue() {
        return used() >= hardLimit / 2;
    }

    /**
     * Empties the tree and the frame table (the caller has the nodes' paths in a copy, {@link Renumbering}),
     * forgets every frame id it kept and makes the ids JFR's methods keep stale: a new epoch.
     */
    void startAfresh() {
        tree.clear();
        frames.clear();
        elementFrames.clear();
        lockFrames.clear();
        holderFrames.clear();
        peerFrames.clear();
        agentFrames.clear();
        nameBytes = 0;
        epoch++;
        internSynthetic();
    }

    /** The child of {@code node} for the frame named {@code name}, made whatever the budget: a held node made again on a fresh tree. */
    int remake(int node, String name, FrameKind kind) {
        return tree.child(node, frame(name, kind));
    }

    /**
     * The node of a new thread: {@code [thread name]} under the root, or, past the budget, one shared
     * node for all threads started since (a JVM that names a million short-lived threads apart must
     * not grow the profile by a frame each).
     */
    int threadNode(String name) {
        if (used() >= softLimit) {
            return extend(CallTree.ROOT, frames.intern(THREADS_OVER_BUDGET, FrameKind.THREAD));
        }
        return tree.child(CallTree.ROOT, intern(FrameNames.thread(name), FrameKind.THREAD));
    }

    /** The node of a group of virtual threads the census counted ({@link FrameNames#virtualThreads}), under the root. */
    int virtualGroupNode(String group) {
        return extend(CallTree.ROOT, intern(FrameNames.virtualThreads(group), FrameKind.THREAD));
    }

    /**
     * Adds {@code count} samples of {@code stack} in {@code state} under {@code threadNode}, waiting for
     * {@code targets} (may be null), ticks from {@code fromMillis} to {@code toMillis}.
     */
    int record(int threadNode, StackTraceElement[] stack, SampleState state, String lockClass, WaitTargets targets, long count, long fromMillis,
            long toMillis) {
        int n = Math.min(stack.length, depth);
        if (ids.length < n) {
            ids = new int[Math.max(n, ids.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            ids[i] = frameOf(stack[i]);
        }
        return record(threadNode, ids, n, stack.length > depth, state, lockClass, targets, count, fromMillis, toMillis);
    }

    /** Depth to request from the JVM: one more than kept, to tell whether the stack was cut. */
    int requestDepth() {
        return depth + 1;
    }

    /**
     * Adds one sample of {@code stack} (top frame first) in {@code state} under {@code threadNode}, taken
     * at {@code atMillis}, and returns its leaf node, which is a state frame for threads that were not running.
     */
    int record(int threadNode, StackTraceElement[] stack, SampleState state, String lockClass, WaitTargets targets, long atMillis) {
        int n = Math.min(stack.length, depth);
        if (ids.length < n) {
            ids = new int[Math.max(n, ids.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            ids[i] = frameOf(stack[i]);
        }
        return record(threadNode, ids, n, stack.length > depth, state, lockClass, targets, 1, atMillis, atMillis);
    }

    /**
     * Adds {@code count} running samples of a stack JFR sampled under {@code threadNode}, ticks from
     * {@code fromMillis} to {@code toMillis}, and returns its leaf. A method's frame is interned the first
     * time any stack with it is recorded, and remembered on the method.
     */
    int record(int threadNode, JfrStack stack, long count, long fromMillis, long toMillis) {
        return record(threadNode, stack, SampleState.RUNNABLE, null, null, count, fromMillis, toMillis);
    }

    /** As {@link #record(int, JfrStack, long, long, long)}, for samples in {@code state} (waiting on {@code lockClass}): a JFR wait's stack. */
    int record(int threadNode, JfrStack stack, SampleState state, String lockClass, WaitTargets targets, long count, long fromMillis,
            long toMillis) {
        int n = stack.depth();
        if (ids.length < n) {
            ids = new int[Math.max(n, ids.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            JfrMethod m = stack.frames[i];
            int f = m.frameEpoch == epoch ? m.frameId : -1;
            if (f < 0) {
                f = used() >= softLimit ? frames.find(m.name) : frame(m.name, m.kind);
                m.frameId = f;
                m.frameEpoch = epoch;
            }
            ids[i] = f;
        }
        return record(threadNode, ids, n, stack.truncated, state, lockClass, targets, count, fromMillis, toMillis);
    }

    /**
     * Whether {@code now} (top frame first), a stack of the thread at {@code threadNode}, runs inside the frame
     * at which the wait that ends at state leaf {@code waitLeaf} waited, reached by the same calls: the wait's
     * frames are {@code now}'s outermost ones. A stack cut by the depth or the budget never does.
     */
    boolean runsInside(int threadNode, int waitLeaf, StackTraceElement[] now) {
        if (now.length > depth) {
            return false;
        }
        int top = tree.parent(waitLeaf);
        int d = 0;
        for (int n = top; n != threadNode; n = tree.parent(n)) {
            if (n <= CallTree.ROOT) {
                return false;
            }
            d++;
        }
        if (d == 0 || d > now.length) {
            return false;
        }
        int j = now.length - d;
        for (int n = top; n != threadNode; n = tree.parent(n), j++) {
            int f = frameOf(now[j]);
            if (f < 0 || f != tree.frame(n)) {
                return false;
            }
        }
        return true;
    }

    /** Adds {@code count} running samples of a carrier thread running a virtual thread: {@link #CARRYING} below its node. */
    void recordCarrying(int threadNode, long count, long fromMillis, long toMillis) {
        lastCut = false;
        counts.add(extend(threadNode, carryingFrame), dev.jflame.core.model.SampleState.RUNNABLE, count, fromMillis, toMillis);
    }

    /** Adds {@code count} running samples (ticks from {@code fromMillis} to {@code toMillis}) under {@link #NOT_SAMPLED} below the thread's node. */
    void recordNotSampled(int threadNode, long count, long fromMillis, long toMillis) {
        lastCut = false;
        counts.add(extend(threadNode, notSampledFrame), SampleState.RUNNABLE, count, fromMillis, toMillis);
    }

    /**
     * Adds {@code count} samples in {@code state} (waiting on {@code lockClass}), ticks from {@code fromMillis}
     * to {@code toMillis}, under the frame that says {@code why} they have no stack, below the thread's node.
     * Returns the node they went to.
     */
    int recordNotTaken(NoStack why, int threadNode, SampleState state, String lockClass, WaitTargets targets, long count, long fromMillis,
            long toMillis) {
        ids[0] = noStackFrames[why.ordinal()];
        return record(threadNode, ids, 1, false, state, lockClass, targets, count, fromMillis, toMillis);
    }

    /**
     * The one place a sample reaches the tree: the path of frame ids (top first, -1 = kept out by the budget),
     * a state leaf, whom the wait waited for ({@code targets}, may be null), the count. Returns the state
     * leaf, which a cached wait reuses: who holds its lock may change from tick to tick, the leaf does not.
     */
    private int record(int threadNode, int[] frameIds, int n, boolean cut, SampleState state, String lockClass, WaitTargets targets,
            long count, long fromMillis, long toMillis) {
        lastCut = false;
        int node = path(threadNode, frameIds, n, cut);
        // Past the budget no new names are interned either: lock classes (proxies, generated
        // classes) could grow the frame table without bound.
        String leaf = state.leafFrame(used() >= softLimit ? null : lockClass);
        if (leaf != null) {
            node = extend(node, intern(leaf, FrameKind.STATE));
        }
        countWait(node, state, targets, count, fromMillis, toMillis);
        return node;
    }

    /**
     * Adds {@code count} samples in {@code state} at {@code leaf}: those {@code targets} names under the
     * frames of their lock and holder (or of the far end, for a thread idle in native I/O), the rest at the leaf itself.
     */
    void countWait(int leaf, SampleState state, WaitTargets targets, long count, long fromMillis, long toMillis) {
        if (targets != null && targets.peer != null && leaf != CallTree.ROOT) {
            counts.add(peerNode(leaf, targets.peer), state, count, fromMillis, toMillis);
            return;
        }
        long rest = count;
        if (targets != null && leaf != CallTree.ROOT) {
            for (int i = 0; i < targets.size && rest > 0; i++) {
                long c = Math.min(rest, targets.counts[i]);
                int target = waitTarget(leaf, targets.locks[i], targets.holders[i]);
                if (target != leaf) {
                    counts.add(target, state, c, fromMillis, toMillis);
                    rest -= c;
                }
            }
        }
        if (rest > 0) {
            counts.add(leaf, state, rest, fromMillis, toMillis);
        }
    }

    /**
     * The node under a wait's state leaf that says whom it waits for: {@code [lock <lockName>]}, then
     * {@code [held by <holder>]} or {@code [no owner]}. The leaf itself where no lock is named, or where
     * the budget keeps no new names (an application with ever-new locks must not grow the table).
     */
    int waitTarget(int leaf, String lockName, String holder) {
        int lockNode = lockOnly(leaf, lockName);
        if (lockNode == leaf) {
            return leaf;
        }
        int holderFrame = waitFrame(holderFrames, holder == null ? "" : holder, holder == null ? FrameNames.NO_OWNER : null, FrameKind.OWNER);
        return holderFrame < 0 ? lockNode : extend(lockNode, holderFrame);
    }

    /** The {@code [lock <lockName>]} node under a wait's state leaf, for a wait whose holder is not known; the leaf where it cannot be. */
    int lockOnly(int leaf, String lockName) {
        if (lockName == null) {
            return leaf;
        }
        int lockFrame = waitFrame(lockFrames, lockName, null, FrameKind.LOCK);
        return lockFrame < 0 ? leaf : extend(leaf, lockFrame);
    }

    /**
     * The {@code [waits on <endpoint>]} node under an idle-in-native leaf ({@link PeerWaits}); the leaf
     * where the budget keeps no new names.
     */
    int peerNode(int leaf, String endpoint) {
        int frame = waitFrame(peerFrames, endpoint, FrameNames.waitsOn(endpoint), FrameKind.PEER);
        return frame < 0 ? leaf : extend(leaf, frame);
    }

    /**
     * The frame of a lock or holder named {@code name} ({@code frameName}, or the kind's usual name of it
     * when null), kept in {@code byName}; -1 for a new one past the budget.
     */
    private int waitFrame(Map<String, Integer> byName, String name, String frameName, FrameKind kind) {
        Integer id = byName.get(name);
        if (id != null) {
            return id;
        }
        if (used() >= softLimit) {
            return -1;
        }
        String full = frameName != null ? frameName : kind == FrameKind.LOCK ? FrameNames.lock(name) : FrameNames.heldBy(name);
        int f = intern(full, kind);
        byName.put(name, f);
        nameBytes += BYTES_PER_WAIT_NAME;
        return f;
    }

    /**
     * The node of a stack's frames under {@code threadNode}, without a state leaf. From the first
     * frame of jflame's own code the rest of the stack is one {@code [jflame]} frame: that work is
     * jflame's (Byte Buddy weaving {@code ProcessBuilder} as it loads), not the application's.
     */
    private int path(int threadNode, int[] frameIds, int n, boolean cut) {
        int node = threadNode;
        if (cut) {
            node = extend(node, truncatedFrame);
        }
        for (int i = n - 1; i >= 0; i--) {
            int f = frameIds[i];
            if (f < 0) {
                // A method never seen, past the budget: its name was not kept.
                lastCut = true;
                return extend(node, budgetFrame);
            }
            if (agentFrames.get(f)) {
                return extend(node, agentFrame);
            }
            int c = tree.find(node, f);
            if (c < 0) {
                if (used() >= softLimit) {
                    // The memory budget: a stack the tree has not seen ends at its nearest known
                    // ancestor, and counting goes on there.
                    lastCut = true;
                    return extend(node, budgetFrame);
                }
                c = tree.child(node, f);
            }
            node = c;
        }
        return node;
    }

    /** The child of {@code node} for a synthetic frame, made if the hard limit allows, else {@code node} itself. */
    private int extend(int node, int frame) {
        int c = tree.find(node, frame);
        if (c >= 0) {
            return c;
        }
        return used() < hardLimit ? tree.child(node, frame) : node;
    }

    /** Whether a frame is jflame's own code (its name starts with its class's package). */
    private static boolean isAgentFrame(String name) {
        for (String p : AGENT_PACKAGES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The frame of an element: known, or interned now, or -1 for a new one past the budget. */
    private int frameOf(StackTraceElement e) {
        Integer id = elementFrames.get(e);
        if (id != null) {
            return id;
        }
        if (used() >= softLimit) {
            // Neither its name nor the element is kept.
            return -1;
        }
        String cls = e.getClassName();
        int f = frame(FrameNames.javaMethod(cls, e.getMethodName()), FrameKind.ofJavaFrame(cls, e.isNativeMethod()));
        elementFrames.put(e, f);
        nameBytes += BYTES_PER_ELEMENT;
        return f;
    }

    /** The budget used so far, in nodes: the tree's, and the names' bytes as nodes. */
    private int used() {
        return tree.size() + (int) (nameBytes / CallTree.BYTES_PER_NODE);
    }

    /** A frame's id, interned now if new, its name counted against the budget. */
    private int intern(String name, FrameKind kind) {
        int before = frames.size();
        int id = frames.intern(name, kind);
        if (frames.size() > before) {
            nameBytes += BYTES_PER_NAME + 2L * name.length();
        }
        return id;
    }

    /** Interns a method's frame, whichever source saw it. */
    private int frame(String name, FrameKind kind) {
        int id = intern(name, kind);
        if (isAgentFrame(name)) {
            agentFrames.set(id);
        }
        return id;
    }
}

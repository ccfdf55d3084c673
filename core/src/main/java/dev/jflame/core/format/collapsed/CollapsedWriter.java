package dev.jflame.core.format.collapsed;

import dev.jflame.core.format.ProfileWriter;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.FrameTable;
import dev.jflame.core.model.Profile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Brendan Gregg's folded format: {@code frame;frame;...;leaf count}, root first, one line per unique
 * stack, sorted. Thread frames are left out by default, so the same stack on many threads is one
 * line; state frames and process roots stay. The frames under a wait's leaf that name its lock and
 * holder are left out by default too, so a profile with them folds to the lines it would have without.
 * Stateless and thread-safe.
 */
public final class CollapsedWriter implements ProfileWriter {

    private final boolean threadFrames;
    private final boolean waitTargets;

    public CollapsedWriter() {
        this(false);
    }

    /** @param threadFrames whether to keep the {@code [thread name]} frame at the top of each stack */
    public CollapsedWriter(boolean threadFrames) {
        this(threadFrames, false);
    }

    /**
     * @param threadFrames whether to keep the {@code [thread name]} frame at the top of each stack
     * @param waitTargets whether to keep the {@code [lock ...]} and {@code [held by ...]} frames under wait leaves
     */
    public CollapsedWriter(boolean threadFrames, boolean waitTargets) {
        this.threadFrames = threadFrames;
        this.waitTargets = waitTargets;
    }

    @Override
    public void write(Profile profile, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        for (Map.Entry<String, Long> e : lines(profile).entrySet()) {
            w.write(e.getKey());
            w.write(' ');
            w.write(Long.toString(e.getValue()));
            w.write('\n');
        }
        w.flush();
    }

    /** Stack to sample count, the lines this writer prints. */
    public Map<String, Long> lines(Profile profile) {
        CallTree tree = profile.tree();
        FrameTable frames = profile.frames();
        int[][] index = tree.childIndex();
        int[] start = index[0];
        int[] order = index[1];
        Map<String, Long> lines = new TreeMap<>();
        StringBuilder path = new StringBuilder();
        // Iterative DFS: a stack of (node, path length before it) pairs.
        int[] nodes = new int[64];
        int[] lengths = new int[64];
        int top = 0;
        nodes[top] = CallTree.ROOT;
        lengths[top++] = 0;
        while (top > 0) {
            int node = nodes[--top];
            path.setLength(lengths[top]);
            if (node != CallTree.ROOT) {
                int f = tree.frame(node);
                FrameKind kind = frames.kind(f);
                if ((threadFrames || kind != FrameKind.THREAD) && (waitTargets || !kind.isWaitTarget())) {
                    if (path.length() > 0) {
                        path.append(';');
                    }
                    path.append(sanitize(frames.name(f)));
                }
            }
            long self = tree.selfTotal(node);
            if (self > 0) {
                // A thread caught with no Java frames (starting, exiting, or a JVM thread in VM
                // code) still counts: every recorded sample is in every output.
                lines.merge(path.length() > 0 ? path.toString() : FrameNames.NO_FRAMES, self, Long::sum);
            }
            int len = path.length();
            for (int c = start[node + 1] - 1; c >= start[node]; c--) {
                if (top == nodes.length) {
                    nodes = java.util.Arrays.copyOf(nodes, top * 2);
                    lengths = java.util.Arrays.copyOf(lengths, top * 2);
                }
                nodes[top] = order[c];
                lengths[top++] = len;
            }
        }
        return lines;
    }

    /** The separators of the format (and a carriage return, which readers take for a line end) cannot appear inside a frame. */
    private static String sanitize(String name) {
        if (name.indexOf(';') < 0 && name.indexOf('\n') < 0 && name.indexOf('\r') < 0) {
            return name;
        }
        return name.replace(';', ':').replace('\n', ' ').replace('\r', ' ');
    }
}

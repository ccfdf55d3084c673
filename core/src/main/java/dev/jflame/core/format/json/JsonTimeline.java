package dev.jflame.core.format.json;

import com.google.gson.stream.JsonWriter;
import dev.jflame.core.format.json.StrictJson.Corrupt;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.model.Timeline;
import java.io.IOException;
import java.util.Arrays;

/**
 * A profile's {@link Timeline} in the JSON format: {@code cellMillis}, {@code states} (the names the entries'
 * state numbers index), {@code cells}, each {@code {"at": absolute cell index, "e": [node, state, count, …]}},
 * and {@code runs}, {@code [node, state, count, first tick ms, last tick ms, …]} (waits, kept whole).
 * Profiles written before the timeline have no such field and read with an empty one. Stateless.
 */
final class JsonTimeline {
    private JsonTimeline() {
    }

    static void write(JsonWriter w, Timeline t) throws IOException {
        if (t.isEmpty()) {
            return;
        }
        w.name("timeline").beginObject();
        w.name("cellMillis").value(t.cellMillis());
        w.name("states").beginArray();
        for (SampleState s : SampleState.values()) {
            w.value(s.name());
        }
        w.endArray();
        w.name("cells").beginArray();
        // Visitors as classes, not lambdas: a lambda first used in a running agent's flush spins classes (Timeline.Grafting).
        Entries cell = new Entries(w);
        for (int i = 0; i < t.cellCount(); i++) {
            cell.at = t.firstCell() + i;
            cell.any = false;
            t.forEachInCell(i, cell);
            cell.rethrow();
            if (cell.any) {
                w.endArray();
                w.endObject();
            }
        }
        w.endArray();
        w.name("runs").beginArray();
        Runs runs = new Runs(w);
        for (int r = 0; r < t.runCount(); r++) {
            t.run(r, runs);
            runs.rethrow();
        }
        w.endArray();
        w.endObject();
    }

    /** Writes one cell's entries, opening the cell's object at its first. */
    private static final class Entries implements Timeline.EntryVisitor {
        private final JsonWriter w;
        long at;
        boolean any;
        private IOException failed;

        Entries(JsonWriter w) {
            this.w = w;
        }

        @Override
        public void entry(int node, SampleState state, int count) {
            if (failed != null) {
                return;
            }
            try {
                if (!any) {
                    w.beginObject();
                    w.name("at").value(at);
                    w.name("e").beginArray();
                    any = true;
                }
                w.value(node).value(state.ordinal()).value(count);
            } catch (IOException e) {
                failed = e;
            }
        }

        void rethrow() throws IOException {
            if (failed != null) {
                throw failed;
            }
        }
    }

    /** Writes one run. */
    private static final class Runs implements Timeline.RunVisitor {
        private final JsonWriter w;
        private IOException failed;

        Runs(JsonWriter w) {
            this.w = w;
        }

        @Override
        public void run(int node, SampleState state, long count, long fromMillis, long toMillis) {
            try {
                w.value(node).value(state.ordinal()).value(count).value(fromMillis).value(toMillis);
            } catch (IOException e) {
                failed = e;
            }
        }

        void rethrow() throws IOException {
            if (failed != null) {
                throw failed;
            }
        }
    }

    /** What was read: the timeline, and the highest node it names (the reader checks it against the tree). */
    static final class Read {
        final Timeline timeline;
        final int highestNode;

        Read(Timeline timeline, int highestNode) {
            this.timeline = timeline;
            this.highestNode = highestNode;
        }
    }

    /**
     * Reads the {@code timeline} object. Problems are {@link Corrupt}s that say where in it; what it
     * allocates is bounded by the timeline's own cell and entry limits.
     */
    static Read read(StrictJson r) throws IOException {
        long cellMillis = -1;
        SampleState[] states = null;
        Timeline t = null;
        int highest = -1;
        r.beginObject("timeline");
        while (r.hasNext()) {
            String name = r.nextName();
            if ("cellMillis".equals(name)) {
                cellMillis = r.number("timeline.cellMillis");
            } else if ("states".equals(name)) {
                states = states(r);
            } else if ("cells".equals(name)) {
                if (cellMillis < 0 || states == null) {
                    throw new Corrupt("timeline.cells before its cellMillis and states");
                }
                t = Timeline.ofCellMillis(cellMillis);
                r.beginArray("timeline.cells");
                for (int i = 0; r.hasNext(); i++) {
                    highest = Math.max(highest, cell(r, "timeline.cells[" + i + "]", t, cellMillis, states));
                }
                r.endArray();
            } else if ("runs".equals(name)) {
                if (t == null) {
                    throw new Corrupt("timeline.runs before its cells");
                }
                highest = Math.max(highest, runs(r, t, states));
            } else {
                r.skipValue();
            }
        }
        r.endObject();
        return new Read(t == null ? new Timeline() : t, highest);
    }

    /** One cell, {@code cellMillis} wide, into {@code t}; returns the highest node it names. */
    private static int cell(StrictJson r, String what, Timeline t, long cellMillis, SampleState[] states) throws IOException {
        r.beginObject(what);
        long at = Long.MIN_VALUE;
        int highest = -1;
        while (r.hasNext()) {
            String name = r.nextName();
            if ("at".equals(name)) {
                at = r.number(what + ".at");
            } else if ("e".equals(name)) {
                if (at == Long.MIN_VALUE) {
                    throw new Corrupt(what + ".e before its at");
                }
                String entries = what + ".e";
                r.beginArray(entries);
                for (int i = 0; r.hasNext(); i += 3) {
                    long node = r.number(entries, i, "node");
                    long state = r.number(entries, i + 1, "state");
                    long count = r.number(entries, i + 2, "count");
                    SampleState known = checked(node, state, count, states, entries, i, 3);
                    if (known != null) {
                        t.put(at, cellMillis, (int) node, known, count);
                        highest = Math.max(highest, (int) node);
                    }
                }
                r.endArray();
            } else {
                r.skipValue();
            }
        }
        r.endObject();
        return highest;
    }

    /**
     * Checks that no node has more samples in a state on the timeline than the tree counts for it there (the
     * sampler adds both alike, and merging and coarsening keep that): a file that said otherwise would show a
     * time range with more samples than the whole profile. One state at a time, so the sums take one number
     * per node. The timeline's nodes must have been checked against the tree.
     */
    static void checkWithinTree(Timeline t, CallTree tree) {
        if (t.isEmpty()) {
            return;
        }
        StateSums sums = new StateSums(tree.size());
        for (SampleState s : SampleState.values()) {
            sums.start(s);
            for (int i = 0; i < t.cellCount(); i++) {
                t.forEachInCell(i, sums);
            }
            for (int r = 0; r < t.runCount(); r++) {
                t.run(r, sums);
            }
            if (!sums.any) {
                continue;
            }
            for (int node = 0; node < tree.size(); node++) {
                if (sums.sum[node] > tree.self(node, s)) {
                    throw new Corrupt("timeline has " + sums.sum[node] + " " + s.name() + " samples of node " + node
                            + " where the tree has " + tree.self(node, s));
                }
            }
        }
    }

    /** Per node, the timeline's samples in one state. */
    private static final class StateSums implements Timeline.EntryVisitor, Timeline.RunVisitor {
        final long[] sum;
        private SampleState state;
        boolean any;

        StateSums(int nodes) {
            sum = new long[nodes];
        }

        void start(SampleState s) {
            state = s;
            any = false;
            Arrays.fill(sum, 0);
        }

        @Override
        public void entry(int node, SampleState s, int count) {
            add(node, s, count);
        }

        @Override
        public void run(int node, SampleState s, long count, long fromMillis, long toMillis) {
            add(node, s, count);
        }

        private void add(int node, SampleState s, long count) {
            if (s == state) {
                // Runs read back may each carry up to Long.MAX_VALUE: their sum saturates rather than wraps.
                long v = sum[node] + count;
                sum[node] = v < 0 ? Long.MAX_VALUE : v;
                any = true;
            }
        }
    }

    /** The runs into {@code t}; returns the highest node they name. */
    private static int runs(StrictJson r, Timeline t, SampleState[] states) throws IOException {
        r.beginArray("timeline.runs");
        int highest = -1;
        for (int i = 0; r.hasNext(); i += 5) {
            long node = r.number("timeline.runs", i, "node");
            long state = r.number("timeline.runs", i + 1, "state");
            long count = r.number("timeline.runs", i + 2, "count");
            long from = r.number("timeline.runs", i + 3, "first tick");
            long to = r.number("timeline.runs", i + 4, "last tick");
            SampleState known = checked(node, state, count, states, "timeline.runs", i, 5);
            if (known != null) {
                t.putRun((int) node, known, count, from, to);
                highest = Math.max(highest, (int) node);
            }
        }
        r.endArray();
        return highest;
    }

    /**
     * The state of the entry or run at {@code array[at]} ({@code width} numbers, node, state and count
     * first) after checking its numbers; null for a state this jflame does not know.
     */
    private static SampleState checked(long node, long state, long count, SampleState[] states, String array, int at, int width) {
        if (node < 0 || node > Integer.MAX_VALUE || state < 0 || state >= states.length || count < 0) {
            throw new Corrupt(array + "[" + at + ".." + (at + width - 1) + "] is out of range: node " + node + ", state " + state + ", count " + count);
        }
        return states[(int) state];
    }

    /** The state names; a name this jflame does not know reads as null and its entries are skipped (as the tree skips it). */
    private static SampleState[] states(StrictJson r) throws IOException {
        r.beginArray("timeline.states");
        java.util.List<SampleState> out = new java.util.ArrayList<>();
        while (r.hasNext()) {
            String name = r.string("timeline.states[" + out.size() + "]");
            if (out.size() >= 64) {
                throw new Corrupt("timeline.states has more than 64 names");
            }
            out.add(StrictJson.named(SampleState.values(), name));
        }
        r.endArray();
        return out.toArray(new SampleState[0]);
    }
}

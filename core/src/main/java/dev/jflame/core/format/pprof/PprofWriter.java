package dev.jflame.core.format.pprof;

import dev.jflame.core.format.ProfileWriter;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.FrameTable;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A stateless, thread-safe writer of gzip-compressed pprof ({@code profile.proto}, package
 * {@code perftools.profiles}), the format {@code go tool pprof} reads.
 *
 * <p>Each sample is one unique stack of one thread in one state, leaf first, with the values
 * {@code samples/count} and {@code wall/nanoseconds} (count times its process's interval) and the
 * labels {@code thread}, {@code state}, {@code process} and {@code pid}. Its frames are exactly those
 * the collapsed output prints, names unchanged: everything but the thread frame, which becomes the
 * {@code thread} label, so state leaves and process roots are locations and a stack read back from
 * the file is the folded-stacks line of the same samples. Each frame is one location with
 * one line of one function; there are no mappings, as a Java frame has no address.
 */
public final class PprofWriter implements ProfileWriter {
    /** Whether threads and whom a wait waits for are locations (frames) rather than labels: see {@link #forSeriesStores}. */
    private final boolean framesNotLabels;

    /** The file format: threads, processes, locks and holders as labels. */
    public PprofWriter() {
        this(false);
    }

    private PprofWriter(boolean framesNotLabels) {
        this.framesNotLabels = framesNotLabels;
    }

    /**
     * For a store that makes a series of every distinct set of string labels and drops numeric ones
     * (Grafana Pyroscope's ingest): the only label is {@code state} (a value per {@link SampleState}); the thread and, under a
     * wait's state leaf, its lock, holder and far end are frames — {@code [thread worker-3]} at the root,
     * {@code [lock ...];[held by ...]} at the leaf, as the collapsed output writes them with
     * {@code waitframes=true} — so a store keeps them in its flame graph instead of in thousands of series.
     */
    public static PprofWriter forSeriesStores() {
        return new PprofWriter(true);
    }

    @Override
    public void write(Profile profile, OutputStream out) throws IOException {
        write(profile, out, java.util.Collections.<String>emptyList());
    }

    /** As {@link #write(Profile, OutputStream)}, with free-text comments ({@code go tool pprof -comments} shows them). */
    public void write(Profile profile, OutputStream out, List<String> comments) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024);
        ProtoOutput proto = new ProtoOutput(gz);
        new Encoding(profile, proto, framesNotLabels, comments).write();
        proto.flush();
        // finish, not close: the caller owns the stream.
        gz.finish();
    }

    /**
     * The sampling period written: the interval most processes were sampled at (the first process's
     * among equals), 0 if none is known. A merged profile normally has one; a sample's own value
     * uses its own process's interval, so totals stay right when they differ.
     */
    static long period(List<ProcessInfo> processes) {
        Map<Long, Integer> votes = new HashMap<>();
        long best = 0;
        int bestVotes = 0;
        for (ProcessInfo p : processes) {
            if (p.intervalNanos <= 0) {
                continue;
            }
            int v = votes.merge(p.intervalNanos, 1, Integer::sum);
            if (v > bestVotes) {
                best = p.intervalNanos;
                bestVotes = v;
            }
        }
        return best;
    }

    /** One write's state: the string table, the frames used, scratch for one sample. */
    private static final class Encoding {
        private final Profile profile;
        private final CallTree tree;
        private final FrameTable frames;
        private final ProtoOutput out;
        private final PprofStrings strings = new PprofStrings();
        private final long period;
        /**
         * Whether every process's interval is known, so samples have a wall time. Folded stacks carry none:
         * a wall value of 0 would be a lie in the type tools show first, so such a file has counts only.
         */
        private final boolean wallKnown;
        /** Frames that are some sample's location; location and function ids are frame id + 1. */
        private final BitSet used = new BitSet();
        /** The location standing for {@link FrameNames#NO_FRAMES}, after every frame's. */
        private final long noFramesId;
        private boolean noFramesUsed;
        /** Process index by the frame id of its root, in a merged profile. */
        private final Map<Integer, Integer> processOfRoot = new HashMap<>();
        /** Process of samples under no process root: the only one of a single-process profile, else -1. */
        private final int defaultProcess;
        private final long[] processNames;
        private final Map<Integer, Long> threadNames = new HashMap<>();
        private final long[] stateNames = new long[SampleState.COUNT];
        private final boolean framesNotLabels;
        /** The comments' strings. */
        private final long[] comments;
        private final long samplesStr;
        private final long countStr;
        private final long wallStr;
        private final long nanosStr;
        private final long threadKey;
        private final long stateKey;
        private final long processKey;
        private final long pidKey;
        /** The {@code lock} and {@code lock_owner} label keys, interned when first used so profiles without them encode as before. */
        private long lockKey = -1;
        private long lockOwnerKey = -1;
        /** The {@code waits_for_pid} and {@code waits_on} label keys, interned when first used. */
        private long waitsForPidKey = -1;
        private long waitsOnKey = -1;
        private long[] locations = new long[64];
        private final long[] values = new long[2];

        Encoding(Profile profile, ProtoOutput out, boolean framesNotLabels, List<String> comments) {
            this.profile = profile;
            this.framesNotLabels = framesNotLabels;
            this.comments = new long[comments.size()];
            for (int i = 0; i < comments.size(); i++) {
                this.comments[i] = strings.of(comments.get(i));
            }
            this.tree = profile.tree();
            this.frames = profile.frames();
            this.out = out;
            this.period = period(profile.processes());
            this.noFramesId = frames.size() + 1L;
            samplesStr = strings.of("samples");
            countStr = strings.of("count");
            wallStr = strings.of("wall");
            nanosStr = strings.of("nanoseconds");
            threadKey = strings.of("thread");
            stateKey = strings.of("state");
            processKey = strings.of("process");
            pidKey = strings.of("pid");
            List<ProcessInfo> processes = profile.processes();
            processNames = new long[processes.size()];
            for (int i = 0; i < processes.size(); i++) {
                ProcessInfo p = processes.get(i);
                processNames[i] = strings.of(FrameNames.unwrapped(p.rootFrameName()));
                int root = frames.find(p.rootFrameName());
                if (root >= 0 && frames.kind(root) == FrameKind.PROCESS) {
                    processOfRoot.putIfAbsent(root, i);
                }
            }
            defaultProcess = !profile.hasProcessRoots() && !processes.isEmpty() ? 0 : -1;
            boolean known = period > 0;
            for (ProcessInfo p : processes) {
                known &= p.intervalNanos > 0;
            }
            wallKnown = known;
        }

        /** The Profile message's fields in field-number order, as protobuf writers do. */
        void write() throws IOException {
            valueType(Pprof.PROFILE_SAMPLE_TYPE, samplesStr, countStr);
            if (wallKnown) {
                valueType(Pprof.PROFILE_SAMPLE_TYPE, wallStr, nanosStr);
            }
            samples();
            locationsAndFunctions();
            strings.write(out, Pprof.PROFILE_STRING_TABLE);
            long start = profile.startMillis();
            out.int64(Pprof.PROFILE_TIME_NANOS, start * 1_000_000L);
            out.int64(Pprof.PROFILE_DURATION_NANOS, Math.max(0, profile.endMillis() - start) * 1_000_000L);
            if (wallKnown) {
                valueType(Pprof.PROFILE_PERIOD_TYPE, wallStr, nanosStr);
                out.int64(Pprof.PROFILE_PERIOD, period);
            } else {
                valueType(Pprof.PROFILE_PERIOD_TYPE, samplesStr, countStr);
                out.int64(Pprof.PROFILE_PERIOD, 1);
            }
            for (long c : comments) {
                out.int64(Pprof.PROFILE_COMMENT, c);
            }
        }

        private void valueType(int field, long type, long unit) throws IOException {
            out.begin(field);
            out.int64(Pprof.VALUE_TYPE_TYPE, type);
            out.int64(Pprof.VALUE_TYPE_UNIT, unit);
            out.end();
        }

        /**
         * One sample per node and state with own counts. The tree keeps parent links, so each
         * sample's stack is read leaf first by walking up: work in proportion to what is written.
         */
        private void samples() throws IOException {
            for (int node = CallTree.ROOT; node < tree.size(); node++) {
                if (tree.selfTotal(node) == 0) {
                    continue;
                }
                int n = 0;
                int thread = -1;
                int process = defaultProcess;
                int lock = -1;
                int owner = -1;
                int peer = -1;
                for (int m = node; m != CallTree.ROOT; m = tree.parent(m)) {
                    int f = tree.frame(m);
                    FrameKind kind = frames.kind(f);
                    if (framesNotLabels && (kind == FrameKind.THREAD || kind.isWaitTarget())) {
                        used.set(f);
                        n = push(n, f + 1L);
                        continue;
                    }
                    if (kind == FrameKind.THREAD) {
                        thread = f;
                        continue;
                    }
                    // A wait's lock and holder are labels (contract: lock, lock_owner), not locations.
                    if (kind == FrameKind.LOCK) {
                        lock = f;
                        continue;
                    }
                    if (kind == FrameKind.OWNER) {
                        owner = f;
                        continue;
                    }
                    if (kind == FrameKind.PEER) {
                        peer = f;
                        continue;
                    }
                    if (kind == FrameKind.PROCESS) {
                        process = processOfRoot.getOrDefault(f, process);
                    }
                    used.set(f);
                    n = push(n, f + 1L);
                }
                if (n == 0) {
                    // As in the collapsed output: a sample with no frames to print still counts.
                    noFramesUsed = true;
                    n = push(n, noFramesId);
                }
                for (int s = 0; s < SampleState.COUNT; s++) {
                    long count = tree.self(node, SampleState.of(s));
                    if (count > 0) {
                        sample(n, count, SampleState.of(s), thread, process, lock, owner, peer);
                    }
                }
            }
        }

        private int push(int n, long locationId) {
            if (n == locations.length) {
                locations = Arrays.copyOf(locations, n * 2);
            }
            locations[n] = locationId;
            return n + 1;
        }

        private void sample(int n, long count, SampleState state, int thread, int process, int lock, int owner, int peer)
                throws IOException {
            List<ProcessInfo> processes = profile.processes();
            long interval = process >= 0 ? processes.get(process).intervalNanos : period;
            out.begin(Pprof.PROFILE_SAMPLE);
            out.packed(Pprof.SAMPLE_LOCATION_ID, locations, n);
            values[0] = count;
            values[1] = count * interval;
            out.packed(Pprof.SAMPLE_VALUE, values, wallKnown ? 2 : 1);
            if (thread >= 0) {
                label(threadKey, threadName(thread), 0);
            }
            label(stateKey, stateName(state), 0);
            if (framesNotLabels) {
                out.end();
                return;
            }
            if (process >= 0) {
                label(processKey, processNames[process], 0);
                label(pidKey, 0, processes.get(process).pid);
            }
            waitLabels(lock, owner);
            if (peer >= 0) {
                peerLabel(frames.name(peer));
            }
            out.end();
        }

        /**
         * The other end of an I/O wait (contract: {@code waits_for_pid}, a number); where no process of the
         * profile was seen at the other end, what the JVM saw it wait on ({@code waits_on}, e.g. {@code tcp ...}).
         */
        private void peerLabel(String name) throws IOException {
            long pid = FrameNames.peerPid(name);
            if (pid >= 0) {
                if (waitsForPidKey < 0) {
                    waitsForPidKey = strings.of("waits_for_pid");
                }
                label(waitsForPidKey, 0, pid);
            } else if (FrameNames.endpointOf(name) != null) {
                if (waitsOnKey < 0) {
                    waitsOnKey = strings.of("waits_on");
                }
                label(waitsOnKey, strings.of(FrameNames.endpointOf(name)), 0);
            }
        }

        private void waitLabels(int lock, int owner) throws IOException {
            String lockName = lock >= 0 ? FrameNames.waitTargetValue(frames.name(lock)) : null;
            if (lockName != null) {
                if (lockKey < 0) {
                    lockKey = strings.of("lock");
                }
                label(lockKey, strings.of(lockName), 0);
            }
            String ownerName = owner >= 0 ? FrameNames.waitTargetValue(frames.name(owner)) : null;
            if (ownerName != null) {
                if (lockOwnerKey < 0) {
                    lockOwnerKey = strings.of("lock_owner");
                }
                label(lockOwnerKey, strings.of(ownerName), 0);
            }
        }

        private void label(long key, long str, long num) throws IOException {
            out.begin(Pprof.SAMPLE_LABEL);
            out.int64(Pprof.LABEL_KEY, key);
            out.int64(Pprof.LABEL_STR, str);
            out.int64(Pprof.LABEL_NUM, num);
            out.end();
        }

        private long threadName(int frame) {
            return threadNames.computeIfAbsent(frame, f -> strings.of(FrameNames.unwrapped(frames.name(f))));
        }

        private long stateName(SampleState state) {
            long s = stateNames[state.ordinal()];
            if (s == 0) {
                s = strings.of(state.name());
                stateNames[state.ordinal()] = s;
            }
            return s;
        }

        /** Locations first, then functions: protobuf writers emit fields in number order. */
        private void locationsAndFunctions() throws IOException {
            for (int f = used.nextSetBit(0); f >= 0; f = used.nextSetBit(f + 1)) {
                location(f + 1L);
            }
            if (noFramesUsed) {
                location(noFramesId);
            }
            for (int f = used.nextSetBit(0); f >= 0; f = used.nextSetBit(f + 1)) {
                function(f + 1L, frames.name(f));
            }
            if (noFramesUsed) {
                function(noFramesId, FrameNames.NO_FRAMES);
            }
        }

        private void location(long id) throws IOException {
            out.begin(Pprof.PROFILE_LOCATION);
            out.int64(Pprof.LOCATION_ID, id);
            out.begin(Pprof.LOCATION_LINE);
            out.int64(Pprof.LINE_FUNCTION_ID, id);
            out.end();
            out.end();
        }

        private void function(long id, String name) throws IOException {
            long s = strings.of(name);
            out.begin(Pprof.PROFILE_FUNCTION);
            out.int64(Pprof.FUNCTION_ID, id);
            out.int64(Pprof.FUNCTION_NAME, s);
            out.int64(Pprof.FUNCTION_SYSTEM_NAME, s);
            out.end();
        }
    }
}

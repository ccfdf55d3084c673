package dev.jflame.agent.push;

import dev.jflame.core.format.pprof.ProtoOutput;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.FrameTable;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One period of one process as an OTLP {@code ExportProfilesServiceRequest} (after the resource and scope
 * {@link OtlpProfiles} encodes once), not thread-safe (one per period).
 *
 * <p>One {@code Profile}: sample type {@code samples/count}, period type {@code wall/nanoseconds} with the
 * sampling interval as period, so a stack's wall time is its count times the period, as in pprof. Each
 * sample is one stack of one thread in one state, and carries, where the timeline accounts for it, one
 * timestamp per sample taken (the spec's "timestamps only" shape, each counting 1). That shape rather than
 * a value per timestamp: Pyroscope's OTLP ingest (directly, or behind a collector) takes one value per sample
 * or counts the timestamps, and refuses a sample with several values. A second {@code Profile} of
 * {@code wall/nanoseconds} would only repeat the counts times the period.
 *
 * <p>A sample's locations are the frames pprof shows (PprofWriter), leaf first, as the spec orders a stack:
 * everything but the thread frame and a wait's lock, holder and peer frames, which are attributes. The
 * state leaf ({@code [BLOCKED on java.lang.Object]}) stays a location although the state is an attribute too:
 * a store's flame graph draws locations only, and without the leaf a wait would read as its caller's own
 * time, the mistake jflame's states exist to prevent.
 *
 * <p>The body is streamed: sizes are summed first, so the samples' timestamps (8 bytes each before gzip)
 * are never held encoded; only the timeline's entries per sample are ({@link OtlpTimes}).
 */
final class OtlpPeriod {
    static final long NANOS_PER_MILLI = 1_000_000L;

    private final CallTree tree;
    private final FrameTable frames;
    private final ProcessInfo process;
    private final long droppedBefore;
    private final OtlpDictionary dict;

    /** Sample id of node n in state s at {@code n * SampleState.COUNT + s}, -1 where it has no samples. */
    private final int[] sampleOf;
    private final Map<OtlpDictionary.Key, Integer> sampleIds = new HashMap<>();
    private int samples;
    private int[] stackOf = new int[64];
    private long[][] attributesOf = new long[64][];
    private long[] countOf = new long[64];

    /** Each sample's timestamps, or null where the timeline does not account for every sample. */
    private final OtlpTimes times;

    private long[] scratch = new long[64];

    OtlpPeriod(Profile period, long droppedBefore) {
        this.tree = period.tree();
        this.frames = period.frames();
        this.process = period.processes().get(0);
        this.droppedBefore = droppedBefore;
        this.dict = new OtlpDictionary(frames);
        this.sampleOf = new int[tree.size() * SampleState.COUNT];
        Arrays.fill(sampleOf, -1);
        collectSamples();
        times = OtlpTimes.of(period.timeline(), sampleOf, countOf, samples, process.startMillis, process.endMillis);
    }

    /** Writes the request: the resource's samples, then the dictionary they point into. */
    void write(ProtoOutput out, byte[] resourceField, byte[] scopeField) throws IOException {
        byte[] head = sampleTypeField();
        byte[] tail = profileTail();
        long profile = head.length + tail.length;
        for (int s = 0; s < samples; s++) {
            profile += field(sampleSize(s));
        }
        long scopeProfiles = scopeField.length + field(profile);
        long resourceProfiles = resourceField.length + field(scopeProfiles);
        if (resourceProfiles > Integer.MAX_VALUE) {
            throw new IOException("a period of " + resourceProfiles + " bytes is past protobuf's 2 GB");
        }
        out.tag(Otlp.REQUEST_RESOURCE_PROFILES, ProtoOutput.LENGTH_DELIMITED);
        out.varint(resourceProfiles);
        out.raw(resourceField);
        out.tag(Otlp.RESOURCE_PROFILES_SCOPE_PROFILES, ProtoOutput.LENGTH_DELIMITED);
        out.varint(scopeProfiles);
        out.raw(scopeField);
        out.tag(Otlp.SCOPE_PROFILES_PROFILES, ProtoOutput.LENGTH_DELIMITED);
        out.varint(profile);
        out.raw(head);
        for (int s = 0; s < samples; s++) {
            writeSample(out, s);
        }
        out.raw(tail);
        dict.write(out, Otlp.REQUEST_DICTIONARY);
        out.flush();
    }

    /** Bytes a length-delimited field of {@code size} bytes takes, key included (every field number here is below 16). */
    private static long field(long size) {
        return 1 + ProtoOutput.varintSize(size) + size;
    }

    /**
     * One sample per node and state with own counts, merged where two have the same stack and attributes
     * (the spec's sample identity): a wait's {@code [no owner]} names no one, so it is no attribute.
     */
    private void collectSamples() {
        for (int node = CallTree.ROOT + 1; node < tree.size(); node++) {
            if (tree.selfTotal(node) == 0) {
                continue;
            }
            int n = 0;
            int thread = -1;
            int lock = -1;
            int owner = -1;
            int peer = -1;
            for (int m = node; m != CallTree.ROOT; m = tree.parent(m)) {
                int f = tree.frame(m);
                FrameKind kind = frames.kind(f);
                if (kind == FrameKind.THREAD) {
                    thread = f;
                } else if (kind == FrameKind.LOCK) {
                    lock = f;
                } else if (kind == FrameKind.OWNER) {
                    owner = f;
                } else if (kind == FrameKind.PEER) {
                    peer = f;
                } else {
                    n = push(n, dict.location(f));
                }
            }
            if (n == 0) {
                // As in pprof: a sample with no frames still counts, under a frame that says so.
                n = push(n, dict.location(-1));
            }
            int stack = dict.stack(scratch, n);
            for (int s = 0; s < SampleState.COUNT; s++) {
                long count = tree.self(node, SampleState.of(s));
                if (count > 0) {
                    int id = sample(stack, attributes(thread, SampleState.of(s), lock, owner, peer));
                    countOf[id] += count;
                    sampleOf[node * SampleState.COUNT + s] = id;
                }
            }
        }
    }

    private int push(int n, long location) {
        if (n == scratch.length) {
            scratch = Arrays.copyOf(scratch, n * 2);
        }
        scratch[n] = location;
        return n + 1;
    }

    /** The sample's attribute indices, ascending (an identity does not depend on their order). */
    private long[] attributes(int thread, SampleState state, int lock, int owner, int peer) {
        long[] a = new long[5];
        int n = 0;
        if (thread >= 0) {
            a[n++] = dict.attribute(Otlp.THREAD_NAME, FrameNames.unwrapped(frames.name(thread)));
        }
        a[n++] = dict.attribute(Otlp.THREAD_STATE, state.name());
        String lockName = lock >= 0 ? FrameNames.waitTargetValue(frames.name(lock)) : null;
        if (lockName != null) {
            a[n++] = dict.attribute(Otlp.LOCK_NAME, lockName);
        }
        String ownerName = owner >= 0 ? FrameNames.waitTargetValue(frames.name(owner)) : null;
        if (ownerName != null) {
            a[n++] = dict.attribute(Otlp.LOCK_OWNER, ownerName);
        }
        if (peer >= 0) {
            // The process at the other end where a merge or the JVM found it, else what the JVM saw it wait on.
            String name = frames.name(peer);
            long pid = FrameNames.peerPid(name);
            if (pid >= 0) {
                a[n++] = dict.attribute(Otlp.WAITS_FOR_PID, pid);
            } else if (FrameNames.endpointOf(name) != null) {
                a[n++] = dict.attribute(Otlp.WAITS_ON, FrameNames.endpointOf(name));
            }
        }
        long[] sorted = Arrays.copyOf(a, n);
        Arrays.sort(sorted);
        return sorted;
    }

    private int sample(int stack, long[] attributes) {
        long[] identity = new long[attributes.length + 1];
        identity[0] = stack;
        System.arraycopy(attributes, 0, identity, 1, attributes.length);
        OtlpDictionary.Key key = new OtlpDictionary.Key(identity);
        Integer id = sampleIds.get(key);
        if (id != null) {
            return id;
        }
        if (samples == stackOf.length) {
            stackOf = Arrays.copyOf(stackOf, samples * 2);
            attributesOf = Arrays.copyOf(attributesOf, samples * 2);
            countOf = Arrays.copyOf(countOf, samples * 2);
        }
        stackOf[samples] = stack;
        attributesOf[samples] = attributes;
        sampleIds.put(key, samples);
        return samples++;
    }

    private long sampleSize(int s) {
        long size = 1 + ProtoOutput.varintSize(stackOf[s]);
        long[] a = attributesOf[s];
        if (a.length > 0) {
            long packed = 0;
            for (long v : a) {
                packed += ProtoOutput.varintSize(v);
            }
            size += field(packed);
        }
        return size + field(times != null ? 8 * countOf[s] : ProtoOutput.varintSize(countOf[s]));
    }

    private void writeSample(ProtoOutput out, int s) throws IOException {
        out.tag(Otlp.PROFILE_SAMPLES, ProtoOutput.LENGTH_DELIMITED);
        out.varint(sampleSize(s));
        out.int64(Otlp.SAMPLE_STACK_INDEX, stackOf[s]);
        out.packed(Otlp.SAMPLE_ATTRIBUTE_INDICES, attributesOf[s], attributesOf[s].length);
        if (times != null) {
            out.tag(Otlp.SAMPLE_TIMESTAMPS_UNIX_NANO, ProtoOutput.LENGTH_DELIMITED);
            out.varint(8 * countOf[s]);
            times.write(out, s);
        } else {
            scratch[0] = countOf[s];
            out.packed(Otlp.SAMPLE_VALUES, scratch, 1);
        }
    }

    private byte[] sampleTypeField() throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        ProtoOutput out = new ProtoOutput(b);
        valueType(out, Otlp.PROFILE_SAMPLE_TYPE, "samples", "count");
        out.flush();
        return b.toByteArray();
    }

    /** The Profile's fields after its samples, in field-number order. */
    private byte[] profileTail() throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        ProtoOutput out = new ProtoOutput(b);
        out.fixed64(Otlp.PROFILE_TIME_UNIX_NANO, process.startMillis * NANOS_PER_MILLI);
        out.int64(Otlp.PROFILE_DURATION_NANO, Math.max(0, process.endMillis - process.startMillis) * NANOS_PER_MILLI);
        if (process.intervalNanos > 0) {
            valueType(out, Otlp.PROFILE_PERIOD_TYPE, "wall", "nanoseconds");
            out.int64(Otlp.PROFILE_PERIOD, process.intervalNanos);
        } else {
            valueType(out, Otlp.PROFILE_PERIOD_TYPE, "samples", "count");
            out.int64(Otlp.PROFILE_PERIOD, 1);
        }
        // The same id in every retry of this period: a store that got a send whose answer was lost can tell.
        out.bytes(Otlp.PROFILE_ID, profileId());
        if (droppedBefore > 0) {
            long[] dropped = {dict.attribute(Otlp.DROPPED_PERIODS, droppedBefore)};
            out.packed(Otlp.PROFILE_ATTRIBUTE_INDICES, dropped, 1);
        }
        out.flush();
        return b.toByteArray();
    }

    private void valueType(ProtoOutput out, int field, String type, String unit) throws IOException {
        out.begin(field);
        out.int64(Otlp.VALUE_TYPE_TYPE, dict.string(type));
        out.int64(Otlp.VALUE_TYPE_UNIT, dict.string(unit));
        out.end();
    }

    private static byte[] profileId() {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        // All zeros is "no id" to the spec.
        id[0] |= 1;
        return id;
    }
}

package dev.jflame.agent.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import dev.jflame.core.options.Options;
import dev.jflame.core.testing.TestProfiles;
import io.opentelemetry.proto.collector.profiles.v1development.ExportProfilesServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.profiles.v1development.Function;
import io.opentelemetry.proto.profiles.v1development.KeyValueAndUnit;
import io.opentelemetry.proto.profiles.v1development.Link;
import io.opentelemetry.proto.profiles.v1development.Location;
import io.opentelemetry.proto.profiles.v1development.Mapping;
import io.opentelemetry.proto.profiles.v1development.ProfilesDictionary;
import io.opentelemetry.proto.profiles.v1development.ResourceProfiles;
import io.opentelemetry.proto.profiles.v1development.Sample;
import io.opentelemetry.proto.profiles.v1development.Stack;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The OTLP push's bytes, read back with the official opentelemetry-proto 1.11 classes: every sample's
 * stack, attributes and timestamps say what the period's profile says.
 */
class OtlpProfilesTest {
    private static final String URL = "http://127.0.0.1:4318/v1development/profiles";
    private static final long START = TestProfiles.POOL_START;
    private static final String READER_ENDPOINT = "tcp 127.0.0.1:5000 -> 127.0.0.1:41234";

    /** {@link TestProfiles#waits}, plus a reader waiting for pid 4343 and one waiting on a connection nobody of the profile holds. */
    private static Profile waits() {
        Profile p = TestProfiles.waits(4242);
        TestProfiles.timedStack(p, SampleState.NATIVE_IDLE, 800, START, START + 7_990, "[thread reader]", "java.lang.Thread.run",
                "dev.example.Reader.run", "java.io.FileInputStream.readBytes", "[NATIVE_IDLE]", FrameNames.waitsForPid(4343, "dev.example.Worker"));
        TestProfiles.timedStack(p, SampleState.NATIVE_IDLE, 800, START, START + 7_990, "[thread client]", "java.lang.Thread.run",
                "dev.example.Client.run", "sun.nio.ch.SocketDispatcher.read0", "[NATIVE_IDLE]", FrameNames.waitsOn(READER_ENDPOINT));
        return p;
    }

    private static PushIdentity identity(ProcessInfo p) {
        return PushIdentity.of(Options.parse("push=" + URL + ",app=shop,labels=env:prod;region:eu_1"), p);
    }

    private static Decoded encode(Profile p, long dropped) throws IOException {
        PushRequest r = new OtlpProfiles(URL, identity(p.processes().get(0))).encode(p, dropped);
        assertEquals(URL, r.url);
        assertEquals("application/x-protobuf", r.contentType);
        assertEquals("gzip", r.contentEncoding);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body))) {
            return new Decoded(ExportProfilesServiceRequest.parseFrom(in));
        }
    }

    @Test
    void theResourceIsTheJvmWithItsLabelsAndThePeriodIsOneProfileOfSamples() throws IOException {
        Profile p = waits();
        Decoded d = encode(p, 0);
        assertEquals(1, d.request.getResourceProfilesCount());
        ResourceProfiles rp = d.request.getResourceProfiles(0);
        Map<String, AnyValue> resource = new LinkedHashMap<>();
        for (KeyValue kv : rp.getResource().getAttributesList()) {
            assertEquals(null, resource.put(kv.getKey(), kv.getValue()), "one " + kv.getKey());
        }
        assertEquals("shop", resource.get("service.name").getStringValue());
        assertEquals(4242, resource.get("process.pid").getIntValue());
        assertEquals("build-7", resource.get("host.name").getStringValue());
        assertEquals("17.0.15", resource.get("process.runtime.version").getStringValue());
        assertEquals("OpenJDK 64-Bit Server VM", resource.get("process.runtime.description").getStringValue());
        assertEquals(System.getProperty("java.runtime.name"), resource.get("process.runtime.name").getStringValue());
        assertEquals("prod", resource.get("env").getStringValue());
        assertEquals("eu_1", resource.get("region").getStringValue());
        assertEquals("dev.example.locks.Locks", resource.get("role").getStringValue());
        assertEquals("4242", resource.get("root_pid").getStringValue());
        assertFalse(resource.containsKey("pid"), "the pid is process.pid: " + resource.keySet());

        assertEquals(1, rp.getScopeProfilesCount());
        assertEquals("jflame", rp.getScopeProfiles(0).getScope().getName());
        assertEquals(1, rp.getScopeProfiles(0).getProfilesCount());
        var profile = d.profile;
        assertEquals("samples", d.string(profile.getSampleType().getTypeStrindex()));
        assertEquals("count", d.string(profile.getSampleType().getUnitStrindex()));
        assertEquals("wall", d.string(profile.getPeriodType().getTypeStrindex()));
        assertEquals("nanoseconds", d.string(profile.getPeriodType().getUnitStrindex()));
        assertEquals(10_000_000L, profile.getPeriod());
        assertEquals(START * 1_000_000L, profile.getTimeUnixNano());
        assertEquals(8_000L * 1_000_000L, profile.getDurationNano());
        assertEquals(16, profile.getProfileId().size());
        assertFalse(profile.getProfileId().equals(ByteString.copyFrom(new byte[16])), "an id of zeros is none");
        assertEquals(0, profile.getAttributeIndicesCount(), "nothing was dropped");
    }

    @Test
    void eachTableStartsWithItsZeroValueAndHoldsEachItemOnce() throws IOException {
        ProfilesDictionary dict = encode(waits(), 0).dictionary;
        assertEquals("", dict.getStringTable(0));
        assertEquals(Mapping.getDefaultInstance(), dict.getMappingTable(0));
        assertEquals(1, dict.getMappingTableCount(), "a Java frame has no mapping");
        assertEquals(Location.getDefaultInstance(), dict.getLocationTable(0));
        assertEquals(Function.getDefaultInstance(), dict.getFunctionTable(0));
        assertEquals(Link.newBuilder().setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[8])).build(),
                dict.getLinkTable(0));
        assertEquals(KeyValueAndUnit.getDefaultInstance(), dict.getAttributeTable(0));
        assertEquals(Stack.getDefaultInstance(), dict.getStackTable(0));
        assertEquals(dict.getStringTableCount(), new HashSet<>(dict.getStringTableList()).size(), "no string twice: " + dict.getStringTableList());
        assertEquals(dict.getStackTableCount(), new HashSet<>(dict.getStackTableList()).size());
        assertEquals(dict.getFunctionTableCount(), new HashSet<>(dict.getFunctionTableList()).size());
        assertEquals(dict.getLocationTableCount(), new HashSet<>(dict.getLocationTableList()).size());
        assertEquals(dict.getAttributeTableCount(), new HashSet<>(dict.getAttributeTableList()).size());
    }

    @Test
    void eachSampleIsAFoldedStackLeafFirstWithItsThreadStateAndWaitAsAttributes() throws IOException {
        Profile p = waits();
        Decoded d = encode(p, 0);
        // The stacks read root first, under their thread, are the folded lines of the same samples.
        Map<String, Long> folded = new TreeMap<>();
        Set<Set<Long>> identities = new HashSet<>();
        for (Sample s : d.profile.getSamplesList()) {
            assertTrue(identities.add(identity(s)), "one sample per stack and attributes");
            Map<String, Object> a = d.attributes(s);
            List<String> frames = d.framesRootFirst(s);
            folded.merge("[thread " + a.get("thread.name") + "];" + String.join(";", frames), d.count(s), Long::sum);
            String state = (String) a.get("jflame.thread.state");
            SampleState.valueOf(state);
            String leaf = frames.get(frames.size() - 1);
            assertEquals(state.equals("RUNNABLE"), !leaf.startsWith("["), "a wait ends in its state's leaf: " + frames + " " + a);
        }
        assertEquals(new CollapsedWriter(true).lines(p), folded);

        // Attributes: who waits on what, held by whom; the far end of an I/O wait.
        Map<String, Long> blockedOn = new TreeMap<>();
        for (Sample s : d.profile.getSamplesList()) {
            Map<String, Object> a = d.attributes(s);
            if (a.get("thread.name").equals("w-1") && a.get("jflame.thread.state").equals("BLOCKED")) {
                blockedOn.merge(a.get("jflame.lock.name") + " held by " + a.get("jflame.lock.owner"), d.count(s), Long::sum);
            }
            if (a.get("thread.name").equals("waiter")) {
                assertEquals("dev.example.locks.Signal@5f556076", a.get("jflame.lock.name"));
                assertFalse(a.containsKey("jflame.lock.owner"), "[no owner] names nobody: " + a);
            }
            if (a.get("thread.name").equals("reader")) {
                assertEquals(4343L, a.get("jflame.waits_for.pid"));
                assertEquals("NATIVE_IDLE", a.get("jflame.thread.state"));
            }
            if (a.get("thread.name").equals("client")) {
                assertEquals(READER_ENDPOINT, a.get("jflame.waits_on"));
            }
            if (a.get("jflame.thread.state").equals("RUNNABLE")) {
                assertEquals(Set.of("thread.name", "jflame.thread.state"), a.keySet());
            }
        }
        assertEquals(Map.of(TestProfiles.WAITS_LOCK + " held by holder", 400L, TestProfiles.WAITS_LOCK + " held by holder-2", 200L), blockedOn);
    }

    @Test
    void everySampleTakenHasItsTimestampWithinThePeriod() throws IOException {
        Profile p = waits();
        Decoded d = encode(p, 0);
        long from = d.profile.getTimeUnixNano();
        long to = from + d.profile.getDurationNano();
        long all = 0;
        for (Sample s : d.profile.getSamplesList()) {
            assertEquals(0, s.getValuesCount(), "timestamps only: each counts 1");
            assertTrue(s.getTimestampsUnixNanoCount() > 0);
            for (long t : s.getTimestampsUnixNanoList()) {
                assertTrue(t >= from && t < to, t + " in [" + from + ", " + to + ")");
            }
            all += s.getTimestampsUnixNanoCount();
            Map<String, Object> a = d.attributes(s);
            List<String> frames = d.framesRootFirst(s);
            // The times are the timeline's: holder sleeps from 3 to 4 s, holder-2 reads from 6 s on.
            if (frames.contains("dev.example.locks.Holder.insideSleep")) {
                assertEquals(100, s.getTimestampsUnixNanoCount());
                assertTimes(s, START + 3_000, START + 4_000);
            }
            if (a.get("thread.name").equals("holder-2")) {
                assertTimes(s, START + 6_000, START + 8_000);
            }
            if (TestProfiles.WAITS_LOCK.equals(a.get("jflame.lock.name")) && "holder".equals(a.get("jflame.lock.owner"))) {
                assertTimes(s, START, START + 4_000);
            }
        }
        assertEquals(p.tree().totalSamples(), all);
        // The wall time a store shows: samples times the period.
        assertEquals(p.tree().totalSamples() * p.processes().get(0).intervalNanos, all * d.profile.getPeriod());
    }

    private static void assertTimes(Sample s, long fromMillis, long toMillis) {
        for (long t : s.getTimestampsUnixNanoList()) {
            assertTrue(t >= fromMillis * 1_000_000L && t < toMillis * 1_000_000L, t / 1_000_000L + " ms in [" + fromMillis + ", " + toMillis + ")");
        }
    }

    @Test
    void ticksOfAWaitThatBeganBeforeThePeriodAreStampedAtItsStart() throws IOException {
        Profile p = TestProfiles.withProcess(77, "app.Main");
        ProcessInfo info = p.processes().get(0);
        info.startMillis = START + 1_000;
        info.endMillis = START + 2_000;
        // A wait from 0 to 2 s, added when it ended: the first half of its ticks lie before the period.
        TestProfiles.timedStack(p, SampleState.WAITING, 200, START, START + 1_990, "[thread main]", "app.Main.main", "[WAITING on app.Lock]");
        TestProfiles.timedStack(p, SampleState.RUNNABLE, 50, START + 1_500, START + 1_990, "[thread main]", "app.Main.main", "app.Main.work");
        Decoded d = encode(p, 0);
        long early = 0;
        long all = 0;
        for (Sample s : d.profile.getSamplesList()) {
            for (long t : s.getTimestampsUnixNanoList()) {
                assertTrue(t >= (START + 1_000) * 1_000_000L && t < (START + 2_000) * 1_000_000L, Long.toString(t));
                early += t == (START + 1_000) * 1_000_000L ? 1 : 0;
                all++;
            }
        }
        assertEquals(250, all);
        assertTrue(early >= 100, early + " ticks from before the period at its start");
    }

    @Test
    void withoutTimesEachSampleIsOneValueAndTheFramelessStillCount() throws IOException {
        Profile p = TestProfiles.shop();
        Decoded d = encode(p, 0);
        long all = 0;
        Map<String, Long> folded = new TreeMap<>();
        for (Sample s : d.profile.getSamplesList()) {
            assertEquals(0, s.getTimestampsUnixNanoCount(), "one shape for all: no times known");
            assertEquals(1, s.getValuesCount());
            all += s.getValues(0);
            List<String> frames = d.framesRootFirst(s);
            String thread = "[thread " + d.attributes(s).get("thread.name") + "]";
            folded.merge(frames.equals(List.of(FrameNames.NO_FRAMES)) ? thread : thread + ";" + String.join(";", frames), s.getValues(0), Long::sum);
        }
        assertEquals(p.tree().totalSamples(), all);
        assertEquals(new CollapsedWriter(true).lines(p), folded);
    }

    @Test
    void samplesOfOneStackAndTheSameAttributesAreOne() throws IOException {
        Profile p = TestProfiles.withProcess(77, "app.Main");
        // An Object.wait under [no owner], and one seen before its lock was named: the same to a store.
        TestProfiles.timedStack(p, SampleState.WAITING, 30, 1_000, 1_290, "[thread t]", "app.Main.main", "[WAITING on app.Lock]");
        TestProfiles.timedStack(p, SampleState.WAITING, 20, 1_300, 1_490, "[thread t]", "app.Main.main", "[WAITING on app.Lock]", FrameNames.NO_OWNER);
        Decoded d = encode(p, 0);
        assertEquals(1, d.profile.getSamplesCount());
        assertEquals(50, d.count(d.profile.getSamples(0)));
    }

    @Test
    void periodsDroppedBeforeAreAProfileAttribute() throws IOException {
        Decoded d = encode(waits(), 3);
        assertEquals(1, d.profile.getAttributeIndicesCount());
        KeyValueAndUnit a = d.dictionary.getAttributeTable(d.profile.getAttributeIndices(0));
        assertEquals("jflame.dropped_periods", d.string(a.getKeyStrindex()));
        assertEquals(3, a.getValue().getIntValue());
    }

    private static Set<Long> identity(Sample s) {
        Set<Long> id = new HashSet<>();
        id.add(-1L - s.getStackIndex());
        for (int a : s.getAttributeIndicesList()) {
            assertTrue(id.add((long) a), "an attribute once per sample");
        }
        return id;
    }

    /** A request read back, with what the assertions look up in its dictionary. */
    private static final class Decoded {
        final ExportProfilesServiceRequest request;
        final ProfilesDictionary dictionary;
        final io.opentelemetry.proto.profiles.v1development.Profile profile;

        Decoded(ExportProfilesServiceRequest request) {
            this.request = request;
            this.dictionary = request.getDictionary();
            this.profile = request.getResourceProfiles(0).getScopeProfiles(0).getProfiles(0);
        }

        String string(int i) {
            return dictionary.getStringTable(i);
        }

        long count(Sample s) {
            return s.getValuesCount() > 0 ? s.getValues(0) : s.getTimestampsUnixNanoCount();
        }

        /** The sample's frames from the root to the leaf: its stack is leaf first. */
        List<String> framesRootFirst(Sample s) {
            Stack stack = dictionary.getStackTable(s.getStackIndex());
            List<String> frames = new ArrayList<>();
            for (int i = stack.getLocationIndicesCount() - 1; i >= 0; i--) {
                Location loc = dictionary.getLocationTable(stack.getLocationIndices(i));
                assertEquals(1, loc.getLinesCount());
                frames.add(string(dictionary.getFunctionTable(loc.getLines(0).getFunctionIndex()).getNameStrindex()));
            }
            return frames;
        }

        /** Key to a String or a Long. */
        Map<String, Object> attributes(Sample s) {
            Map<String, Object> a = new TreeMap<>();
            for (int i : s.getAttributeIndicesList()) {
                KeyValueAndUnit kv = dictionary.getAttributeTable(i);
                AnyValue v = kv.getValue();
                Object value = v.getValueCase() == AnyValue.ValueCase.INT_VALUE ? (Object) v.getIntValue() : v.getStringValue();
                assertEquals(null, a.put(string(kv.getKeyStrindex()), value), "keys once per sample");
            }
            return a;
        }
    }
}

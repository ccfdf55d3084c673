package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.format.json.JsonProfileReader;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import io.opentelemetry.proto.collector.profiles.v1development.ExportProfilesPartialSuccess;
import io.opentelemetry.proto.collector.profiles.v1development.ExportProfilesServiceRequest;
import io.opentelemetry.proto.collector.profiles.v1development.ExportProfilesServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.profiles.v1development.KeyValueAndUnit;
import io.opentelemetry.proto.profiles.v1development.ProfilesDictionary;
import io.opentelemetry.proto.profiles.v1development.Sample;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Push mode to an OTLP/HTTP profiles endpoint: a real JVM pushes every second to a receiver on the loopback
 * address that decodes with the official opentelemetry-proto classes, beside a file of the whole run.
 */
class OtlpPushIT {
    private static final String MAIN = "dev.jflame.testapps.IdleCrowd";

    @Test
    void eachPeriodArrivesOnceInOrderAndTheirSamplesAreTheFilesSamples() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            Path out = Jvm.workDir("otlp-push").resolve("idle-crowd.json");
            Jvm.Result r = Jvm.run(List.of(Jvm.agent("push=" + receiver.url() + ",pushperiod=1s,file=" + out)), "IdleCrowd",
                    "--busy", "2", "--idle", "20", "--seconds", "6");
            assertEquals(0, r.exit, r.toString());
            assertEquals(List.of(), receiver.problems());
            // Pushes that all work print nothing: the one line is the file's.
            assertEquals(1, r.jflameLines().size(), r.stderr);
            assertTrue(r.jflameLines().get(0).startsWith("jflame: wrote " + out), r.stderr);
            Profile file = new JsonProfileReader().read(out);
            ProcessInfo whole = file.processes().get(0);

            List<ExportProfilesServiceRequest> pushes = receiver.requests();
            // At least the periods cut while it ran and the last one, at exit; how many depends on the machine.
            assertTrue(pushes.size() >= 2, pushes.size() + " pushes");
            long pushed = 0;
            long previousEnd = whole.startMillis;
            Set<String> threads = new TreeSet<>();
            Map<String, Long> states = new TreeMap<>();
            for (ExportProfilesServiceRequest push : pushes) {
                assertEquals(1, push.getResourceProfilesCount());
                Map<String, AnyValue> resource = new HashMap<>();
                for (KeyValue kv : push.getResourceProfiles(0).getResource().getAttributesList()) {
                    resource.put(kv.getKey(), kv.getValue());
                }
                assertEquals(MAIN, resource.get("service.name").getStringValue());
                assertEquals(MAIN, resource.get("role").getStringValue());
                assertEquals(whole.pid, resource.get("process.pid").getIntValue());
                assertEquals(Long.toString(whole.pid), resource.get("root_pid").getStringValue());

                var profile = push.getResourceProfiles(0).getScopeProfiles(0).getProfiles(0);
                long start = profile.getTimeUnixNano() / 1_000_000L;
                long end = start + profile.getDurationNano() / 1_000_000L;
                // In order, once each: every period starts where the one before it ended, the first where sampling began.
                assertEquals(previousEnd, start, "period " + pushes.indexOf(push) + " of " + pushes.size());
                assertTrue(end >= start);
                previousEnd = end;
                ProfilesDictionary dict = push.getDictionary();
                Map<String, Long> idle = new TreeMap<>();
                for (Sample s : profile.getSamplesList()) {
                    long n = s.getValuesCount() > 0 ? s.getValues(0) : s.getTimestampsUnixNanoCount();
                    for (long t : s.getTimestampsUnixNanoList()) {
                        assertTrue(t >= profile.getTimeUnixNano() && t < profile.getTimeUnixNano() + Math.max(1, profile.getDurationNano()));
                    }
                    pushed += n;
                    Map<String, String> a = attributes(dict, s);
                    threads.add(a.get("thread.name"));
                    if (a.get("thread.name").startsWith("idle-")) {
                        idle.merge(a.get("thread.name"), n, Long::sum);
                        if (pushes.indexOf(push) > 0) {
                            assertTrue(!a.get("jflame.thread.state").equals("RUNNABLE"), "an idle thread waits: " + a);
                        }
                    }
                    states.merge(a.get("jflame.thread.state"), n, Long::sum);
                }
                // The idle crowd waits all along: each of its threads has every tick of a period, the same count.
                // (Not in the first, in which they were started.)
                if (pushes.indexOf(push) > 0 && !idle.isEmpty()) {
                    assertEquals(20, idle.size(), idle.toString());
                    assertEquals(1, new TreeSet<>(idle.values()).size(), "period " + pushes.indexOf(push) + ": " + idle);
                }
            }
            assertTrue(previousEnd <= whole.endMillis, "the last push ends by the end of the run");
            // The file holds the whole run and the pushes its periods: the same samples, none lost, none twice.
            assertEquals(file.tree().totalSamples(), pushed, "pushed vs the file's samples; states " + states);
            assertTrue(threads.containsAll(Set.of("busy-0", "busy-1", "idle-0", "idle-19")), threads.toString());
            assertTrue(states.getOrDefault("RUNNABLE", 0L) > 0 && states.size() > 1, "states filterable: " + states);
        }
    }

    /**
     * A receiver that takes each request but says it rejected part of it (OTLP's partial success): one line
     * says so, once, and no period is sent twice (the spec forbids sending a partly rejected request again).
     */
    @Test
    void aPartialSuccessIsSaidOnceAndNothingIsSentAgain() throws Exception {
        ExportProfilesServiceResponse partly = ExportProfilesServiceResponse.newBuilder().setPartialSuccess(
                ExportProfilesPartialSuccess.newBuilder().setRejectedProfiles(1).setErrorMessage("sample timestamps out of range")).build();
        try (OtlpReceiver receiver = OtlpReceiver.start(partly)) {
            Path out = Jvm.workDir("otlp-push-partial").resolve("idle-crowd.json");
            Jvm.Result r = Jvm.run(List.of(Jvm.agent("push=" + receiver.url() + ",pushperiod=1s,file=" + out)), "IdleCrowd",
                    "--busy", "1", "--idle", "5", "--seconds", "4");
            assertEquals(0, r.exit, r.toString());
            List<String> pushLines = new java.util.ArrayList<>();
            r.jflameLines().stream().filter(l -> l.contains("pushing")).forEach(pushLines::add);
            assertEquals(1, pushLines.size(), "said once: " + r.stderr);
            assertTrue(pushLines.get(0).contains("1 profiles rejected: sample timestamps out of range") && pushLines.get(0).contains("said once"),
                    pushLines.get(0));
            List<ExportProfilesServiceRequest> pushes = receiver.requests();
            assertTrue(pushes.size() >= 2, pushes.size() + " pushes");
            Set<Long> starts = new TreeSet<>();
            for (ExportProfilesServiceRequest push : pushes) {
                long start = push.getResourceProfiles(0).getScopeProfiles(0).getProfiles(0).getTimeUnixNano();
                assertTrue(starts.add(start), "a period sent twice: " + start);
            }
        }
    }

    private static Map<String, String> attributes(ProfilesDictionary dict, Sample s) {
        Map<String, String> a = new HashMap<>();
        for (int i : s.getAttributeIndicesList()) {
            KeyValueAndUnit kv = dict.getAttributeTable(i);
            a.put(dict.getStringTable(kv.getKeyStrindex()), kv.getValue().getStringValue());
        }
        return a;
    }
}

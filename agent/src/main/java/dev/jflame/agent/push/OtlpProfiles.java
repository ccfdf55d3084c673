package dev.jflame.agent.push;

import dev.jflame.core.format.pprof.ProtoOutput;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * OpenTelemetry's profiles signal over OTLP/HTTP: {@code POST <url>} (ending in {@code /v1development/profiles})
 * of an {@code ExportProfilesServiceRequest} (opentelemetry-proto v1.11.0), protobuf, gzipped with
 * {@code Content-Encoding: gzip} as the spec allows. One {@code ResourceProfiles} for this JVM, whose
 * resource attributes are the semantic conventions' {@code service.name} ({@code app}), {@code process.pid},
 * {@code host.name} and {@code process.runtime.*}, and {@link PushIdentity}'s labels ({@code role},
 * {@code root_pid} and the user's); one {@code ScopeProfiles} ({@code jflame}); the period's profile as
 * {@link OtlpPeriod} writes it. Stateless apart from its settings, which are encoded once.
 */
final class OtlpProfiles implements PushProtocol {
    static final String CONTENT_TYPE = "application/x-protobuf";
    static final String SCOPE = "jflame";

    private final String url;
    /** The {@code resource} field of every request's ResourceProfiles. */
    private final byte[] resourceField;
    /** The {@code scope} field of every request's ScopeProfiles. */
    private final byte[] scopeField;

    OtlpProfiles(String url, PushIdentity id) {
        this.url = url;
        try {
            this.resourceField = resourceField(resourceAttributes(id));
            Package jar = OtlpProfiles.class.getPackage();
            this.scopeField = scopeField(jar == null ? null : jar.getImplementationVersion());
        } catch (IOException e) {
            // Written to memory: no I/O can fail.
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() {
        return "OTLP";
    }

    @Override
    public String rejection(byte[] response) {
        return OtlpResponse.rejection(response);
    }

    @Override
    public PushRequest encode(Profile period, long droppedBefore) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        GZIPOutputStream gz = new GZIPOutputStream(body, 64 * 1024);
        new OtlpPeriod(period, droppedBefore).write(new ProtoOutput(gz), resourceField, scopeField);
        gz.finish();
        return new PushRequest(url, CONTENT_TYPE, "gzip", body.toByteArray(), droppedBefore);
    }

    /**
     * The resource's attributes, in order: a string or a {@code Long} each. The labels' {@code pid} is left
     * out, as {@code process.pid} says it; their names (letters, digits, {@code _}) cannot meet the
     * conventions' dotted ones.
     */
    static Map<String, Object> resourceAttributes(PushIdentity id) {
        ProcessInfo p = id.process;
        Map<String, Object> a = new LinkedHashMap<>();
        a.put(Otlp.SERVICE_NAME, id.app);
        a.put(Otlp.PROCESS_PID, p.pid);
        putIfKnown(a, Otlp.HOST_NAME, hostName(p));
        // The agent runs in the JVM it describes, so its properties are that JVM's.
        putIfKnown(a, Otlp.RUNTIME_NAME, System.getProperty("java.runtime.name", ""));
        putIfKnown(a, Otlp.RUNTIME_VERSION, p.jdk);
        putIfKnown(a, Otlp.RUNTIME_DESCRIPTION, p.vm);
        for (Map.Entry<String, String> l : id.labels.entrySet()) {
            if (!l.getKey().equals("pid")) {
                a.put(l.getKey(), l.getValue());
            }
        }
        return a;
    }

    private static void putIfKnown(Map<String, Object> a, String key, String value) {
        if (value != null && !value.trim().isEmpty()) {
            a.put(key, value.trim());
        }
    }

    /**
     * The host's name: {@code HOSTNAME} where the environment has it, else the kernel's (Linux). Not
     * {@code InetAddress.getLocalHost()}, which asks DNS and can hang.
     */
    private static String hostName(ProcessInfo p) {
        if (!p.host.isEmpty()) {
            return p.host;
        }
        try {
            return new String(Files.readAllBytes(Paths.get("/proc/sys/kernel/hostname")), StandardCharsets.UTF_8).trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static byte[] resourceField(Map<String, Object> attributes) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ProtoOutput out = new ProtoOutput(b);
        out.begin(Otlp.RESOURCE_PROFILES_RESOURCE);
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            out.begin(Otlp.RESOURCE_ATTRIBUTES);
            // The key itself, not a string-table index: Pyroscope reads only that in a resource.
            out.string(Otlp.KEY_VALUE_KEY, e.getKey());
            out.begin(Otlp.KEY_VALUE_VALUE);
            Object v = e.getValue();
            OtlpDictionary.anyValue(out, v instanceof Long ? null : (String) v, v instanceof Long ? (Long) v : 0);
            out.end();
            out.end();
        }
        out.end();
        out.flush();
        return b.toByteArray();
    }

    private static byte[] scopeField(String version) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ProtoOutput out = new ProtoOutput(b);
        out.begin(Otlp.SCOPE_PROFILES_SCOPE);
        out.string(Otlp.SCOPE_NAME, SCOPE);
        if (version != null) {
            out.string(Otlp.SCOPE_VERSION, version);
        }
        out.end();
        out.flush();
        return b.toByteArray();
    }
}

package dev.jflame.agent.push;

import dev.jflame.core.format.pprof.PprofWriter;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Grafana Pyroscope's HTTP ingest API: {@code POST /ingest?name=<app>{<labels>}&from=&until=&format=pprof...}
 * with the period's profile as gzipped pprof in the body (jflame's {@link PprofWriter}: values
 * {@code samples/count} and {@code wall/nanoseconds}, and per sample the labels {@code thread},
 * {@code state}, {@code lock}, {@code lock_owner}, {@code waits_for_pid}, which a query can filter on).
 * The series labels are {@link PushIdentity}'s, in the name. Stateless apart from its settings.
 */
final class PyroscopeIngest implements PushProtocol {
    private final String ingest;
    private final PushIdentity id;

    PyroscopeIngest(String baseUrl, PushIdentity id) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.ingest = base + "/ingest";
        this.id = id;
    }

    @Override
    public String name() {
        return "Pyroscope";
    }

    @Override
    public PushRequest encode(Profile period, long droppedBefore) throws IOException {
        ProcessInfo p = period.processes().get(0);
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        new PprofWriter().write(period, body);
        long hz = p.intervalNanos > 0 ? Math.max(1, Math.round(1e9 / p.intervalNanos)) : 100;
        String url = ingest + "?name=" + enc(seriesName()) + "&from=" + p.startMillis / 1000 + "&until=" + ceilSeconds(p.endMillis)
                + "&format=pprof&sampleRate=" + hz + "&spyName=jflame";
        return new PushRequest(url, "application/octet-stream", null, body.toByteArray(), p.endMillis);
    }

    /** {@code app{name=value,...}}: Pyroscope's series name with its labels; characters its syntax uses are replaced in values. */
    String seriesName() {
        StringBuilder b = new StringBuilder(id.app).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : id.labels.entrySet()) {
            b.append(first ? "" : ",").append(e.getKey()).append('=').append(value(e.getValue()));
            first = false;
        }
        return b.append('}').toString();
    }

    private static String value(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            b.append(c == ',' || c == '{' || c == '}' || c == '=' || c == '"' || c < ' ' ? '_' : c);
        }
        return b.toString();
    }

    private static long ceilSeconds(long millis) {
        return (millis + 999) / 1000;
    }

    private static String enc(String s) {
        try {
            return URLEncoder.encode(s, StandardCharsets.UTF_8.name());
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}

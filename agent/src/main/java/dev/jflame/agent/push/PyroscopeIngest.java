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
 * Grafana Pyroscope's HTTP ingest API: {@code POST /ingest?name=<app>{<labels>}&from=&until=&format=pprof}
 * with the period's profile as gzipped pprof in the body, which Pyroscope reads as it is (its own time
 * and sample types: {@code samples/count} and {@code wall/nanoseconds}, so the series is
 * {@code wall:wall:nanoseconds:wall:nanoseconds}, the type Pyroscope's own Java agent uses for wall clock).
 * Pyroscope makes every distinct set of a sample's string labels a series and drops numeric labels, so
 * the body is {@link PprofWriter#forSeriesStores}'s: {@code state} the only label, threads, locks, holders
 * and far ends as frames. The series labels are {@link PushIdentity}'s, in the name, which Pyroscope
 * parses without escapes: a value ends at {@code ,} or {@code }}, so those (and {@code {}, {@code =}) are
 * replaced in values, and the name keeps the characters Pyroscope allows. Stateless apart from its settings.
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

    /** Pyroscope's ingest answers an accepted request with nothing to read: a refusal is its status. */
    @Override
    public String rejection(byte[] response) {
        return null;
    }

    @Override
    public PushRequest encode(Profile period, long droppedBefore) throws IOException {
        ProcessInfo p = period.processes().get(0);
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        // Periods dropped while the store was away: said in the first one it accepts after, as a
        // comment (go tool pprof -comments), since a label would make a series of it.
        PprofWriter.forSeriesStores().write(SampleLimit.within(period, SampleLimit.PYROSCOPE), body, droppedBefore > 0
                ? java.util.Collections.singletonList("jflame: " + droppedBefore + " periods dropped before this one")
                : java.util.Collections.<String>emptyList());
        long hz = p.intervalNanos > 0 ? Math.max(1, Math.round(1e9 / p.intervalNanos)) : 100;
        // from and until: Pyroscope takes the pprof's own time and ignores sampleRate for pprof; sent for
        // whatever sits between (a proxy, an older server), as its documentation asks.
        String url = ingest + "?name=" + enc(seriesName()) + "&from=" + p.startMillis / 1000 + "&until=" + ceilSeconds(p.endMillis)
                + "&format=pprof&sampleRate=" + hz + "&spyName=jflame";
        return new PushRequest(url, "application/octet-stream", null, body.toByteArray(), droppedBefore);
    }

    /** {@code app{name=value,...}}: Pyroscope's series name with its labels; characters its syntax uses are replaced in values. */
    String seriesName() {
        StringBuilder b = new StringBuilder(appName(id.app)).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : id.labels.entrySet()) {
            b.append(first ? "" : ",").append(e.getKey()).append('=').append(value(e.getValue()));
            first = false;
        }
        return b.append('}').toString();
    }

    /** Pyroscope's application names are letters, digits and {@code _.-/}: anything else (a {@code $} of a nested class) becomes {@code _}. */
    static String appName(String app) {
        StringBuilder b = new StringBuilder(app.length());
        for (int i = 0; i < app.length(); i++) {
            char c = app.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-' || c == '/';
            b.append(ok ? c : '_');
        }
        return b.length() == 0 ? "jflame" : b.toString();
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

package dev.jflame.agent.push;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends one request and says how it went, on the calling (push) thread: {@code HttpURLConnection}, which
 * starts no thread of its own (the JDK's {@code HttpClient} would, and it would be sampled), with connect
 * and read timeouts so that a store that hangs costs the push thread a bounded wait and the application
 * nothing. Stateless apart from its settings.
 */
final class HttpSender {
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    static final int READ_TIMEOUT_MILLIS = 10_000;
    /** Characters of an error response kept for the line that reports it. */
    static final int MESSAGE_CHARS = 160;
    /** Bytes of an accepted request's answer kept (OTLP's partial success fits many times over); the rest is drained. */
    static final int RESPONSE_BYTES = 64 * 1024;

    /** How one send went. */
    static final class Outcome {
        /** The HTTP status, or -1 where none came (connection refused, timeout, connection dropped). */
        final int status;
        /** The {@code Retry-After} header, or null. */
        final String retryAfter;
        /** What went wrong, in a few words (no secret in it), or null on success. */
        final String problem;
        /** The start of an accepted request's answer ({@link #RESPONSE_BYTES} at most), else empty. */
        final byte[] response;

        Outcome(int status, String retryAfter, String problem, byte[] response) {
            this.status = status;
            this.retryAfter = retryAfter;
            this.problem = problem;
            this.response = response;
        }

        boolean accepted() {
            return status >= 200 && status < 300;
        }

        /** Whether sending the same again later may work: no answer, 408, 429 or a 5xx. */
        boolean retryable() {
            return status < 0 || status == 408 || status == 429 || status >= 500;
        }
    }

    private final String authorization;
    private final String tenant;
    private final SSLSocketFactory tls;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    HttpSender(String authorization, String tenant, SSLSocketFactory tls, int connectTimeoutMillis, int readTimeoutMillis) {
        this.authorization = authorization;
        this.tenant = tenant;
        this.tls = tls;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /** The same sender with other timeouts: at exit, what is left of the time the last period gets. */
    HttpSender withTimeouts(int connectMillis, int readMillis) {
        return new HttpSender(authorization, tenant, tls, connectMillis, readMillis);
    }

    Outcome send(PushRequest r) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(r.url).openConnection();
            if (tls != null && c instanceof HttpsURLConnection) {
                ((HttpsURLConnection) c).setSSLSocketFactory(tls);
            }
            c.setConnectTimeout(connectTimeoutMillis);
            c.setReadTimeout(readTimeoutMillis);
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setUseCaches(false);
            c.setInstanceFollowRedirects(false);
            c.setFixedLengthStreamingMode(r.body.length);
            c.setRequestProperty("Content-Type", r.contentType);
            if (r.contentEncoding != null) {
                c.setRequestProperty("Content-Encoding", r.contentEncoding);
            }
            c.setRequestProperty("User-Agent", "jflame");
            if (authorization != null) {
                c.setRequestProperty("Authorization", authorization);
            }
            if (!tenant.isEmpty()) {
                c.setRequestProperty("X-Scope-OrgID", tenant);
            }
            try (OutputStream out = c.getOutputStream()) {
                out.write(r.body);
            }
            int status = c.getResponseCode();
            String retryAfter = c.getHeaderField("Retry-After");
            if (status < 200 || status >= 300) {
                String message = "HTTP " + status + reason(c);
                // Read to the end, so the JDK can keep the connection for the next period.
                drain(status < 400 ? c.getInputStream() : c.getErrorStream());
                return new Outcome(status, retryAfter, message, new byte[0]);
            }
            return new Outcome(status, retryAfter, null, answer(c.getInputStream()));
        } catch (IOException | RuntimeException e) {
            // RuntimeException: a URL the JDK refuses late (an unknown host's IllegalArgumentException).
            String m = e.getMessage();
            return new Outcome(-1, null, e.getClass().getSimpleName() + (m == null ? "" : ": " + oneLine(m)), new byte[0]);
        }
    }

    /** The start of the store's own words on an error: most say what was wrong with the request. */
    private static String reason(HttpURLConnection c) {
        try (InputStream err = c.getErrorStream()) {
            if (err == null) {
                return "";
            }
            byte[] b = new byte[MESSAGE_CHARS];
            int n = 0;
            int r;
            while (n < b.length && (r = err.read(b, n, b.length - n)) > 0) {
                n += r;
            }
            String text = oneLine(new String(b, 0, n, StandardCharsets.UTF_8));
            return text.isEmpty() ? "" : " (" + text + ")";
        } catch (IOException e) {
            return "";
        }
    }

    /** The start of an accepted request's answer, the rest drained; empty where it cannot be read (the status stands). */
    private static byte[] answer(InputStream in) {
        if (in == null) {
            return new byte[0];
        }
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        try {
            byte[] b = new byte[4096];
            int n;
            while (kept.size() < RESPONSE_BYTES && (n = in.read(b, 0, Math.min(b.length, RESPONSE_BYTES - kept.size()))) > 0) {
                kept.write(b, 0, n);
            }
        } catch (IOException e) {
            // what came is what there is
        }
        drain(in);
        return kept.toByteArray();
    }

    private static void drain(InputStream in) {
        if (in == null) {
            return;
        }
        try (InputStream i = in) {
            byte[] b = new byte[4096];
            while (i.read(b) > 0) {
                // the body is not needed; reading it lets the connection be reused
            }
        } catch (IOException e) {
            // the response is what it is
        }
    }

    private static String oneLine(String s) {
        String t = s.replace('\n', ' ').replace('\r', ' ').trim();
        return t.length() > MESSAGE_CHARS ? t.substring(0, MESSAGE_CHARS) + "\u2026" : t;
    }
}

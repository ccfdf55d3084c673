package dev.jflame.agent.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.profiles.v1development.ExportProfilesServiceRequest;
import io.opentelemetry.proto.collector.profiles.v1development.ExportProfilesServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP profiles receiver on the loopback address, as the spec (opentelemetry-proto 1.11, OTLP/HTTP)
 * and the collector's receiver define it: {@code POST /v1development/profiles} of a binary
 * {@code ExportProfilesServiceRequest} ({@code application/x-protobuf}, gzipped where
 * {@code Content-Encoding: gzip} says so), decoded with the official classes; 200 with an
 * {@code ExportProfilesServiceResponse} (empty, or the one it was given) for each it could read, 405, 415 or 400 (and a problem recorded) for
 * anything else. Thread-safe: the server's thread records, the test reads.
 */
final class OtlpReceiver implements AutoCloseable {
    static final String PATH = "/v1development/profiles";

    private final HttpServer server;
    /** What each request it could read is answered with. */
    private final ExportProfilesServiceResponse answer;
    private final List<ExportProfilesServiceRequest> requests = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private OtlpReceiver(HttpServer server, ExportProfilesServiceResponse answer) {
        this.server = server;
        this.answer = answer;
    }

    static OtlpReceiver start() throws IOException {
        return start(ExportProfilesServiceResponse.getDefaultInstance());
    }

    /** A receiver that answers every request it reads with {@code answer} (a partial success, say). */
    static OtlpReceiver start(ExportProfilesServiceResponse answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        OtlpReceiver r = new OtlpReceiver(server, answer);
        server.createContext(PATH, r::handle);
        server.start();
        return r;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** The requests read, in the order they came. */
    synchronized List<ExportProfilesServiceRequest> requests() {
        return new ArrayList<>(requests);
    }

    /** What was wrong with the requests that could not be read. */
    synchronized List<String> problems() {
        return new ArrayList<>(problems);
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            String type = x.getRequestHeaders().getFirst("Content-Type");
            String encoding = x.getRequestHeaders().getFirst("Content-Encoding");
            if (!x.getRequestMethod().equals("POST") || !x.getRequestURI().getPath().equals(PATH)) {
                refuse(x, 405, x.getRequestMethod() + " " + x.getRequestURI());
                return;
            }
            if (!"application/x-protobuf".equals(type)) {
                refuse(x, 415, "Content-Type " + type);
                return;
            }
            ExportProfilesServiceRequest request;
            try (InputStream body = "gzip".equals(encoding) ? new GZIPInputStream(x.getRequestBody()) : x.getRequestBody()) {
                request = ExportProfilesServiceRequest.parseFrom(body);
            } catch (IOException e) {
                refuse(x, 400, "undecodable (Content-Encoding " + encoding + "): " + e);
                return;
            }
            synchronized (this) {
                requests.add(request);
            }
            byte[] response = answer.toByteArray();
            x.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            x.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
            if (response.length > 0) {
                try (OutputStream out = x.getResponseBody()) {
                    out.write(response);
                }
            }
        } finally {
            x.close();
        }
    }

    private void refuse(HttpExchange x, int status, String problem) throws IOException {
        synchronized (this) {
            problems.add(problem);
        }
        x.getRequestBody().readAllBytes();
        x.sendResponseHeaders(status, -1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

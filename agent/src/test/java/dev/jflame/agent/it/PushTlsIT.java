package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.jflame.core.format.pprof.DecodedPprof;
import dev.jflame.core.format.pprof.OfficialPprof;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push over TLS to a store whose certificate no system authority signed (a team's own CA): with
 * {@code cafile=} naming that certificate the periods arrive, host name checked as for any https
 * connection; without it the handshake fails, which one line says, and the application runs on to its
 * own exit code. The store is an https receiver on the loopback address with a key made by the JDK's
 * {@code keytool} for this test (for 127.0.0.1).
 */
class PushTlsIT {
    private static final String PASSWORD = "jflame-test";

    @TempDir
    static Path keys;
    @TempDir
    static Path protoDir;

    private static HttpsServer server;
    private static final List<byte[]> bodies = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startStore() throws Exception {
        Path store = keys.resolve("store.p12");
        String keytool = Paths.get(Jvm.java()).resolveSibling("keytool").toString();
        keytool(keytool, "-genkeypair", "-alias", "store", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool(keytool, "-exportcert", "-rfc", "-alias", "store", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", keys.resolve("ca.pem").toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/ingest", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                bodies.add(in.readAllBytes());
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
    }

    private static void keytool(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool hangs");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
    }

    @AfterAll
    static void stopStore() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private static List<String> pushLines(Jvm.Result r) {
        List<String> lines = new ArrayList<>();
        r.jflameLines().stream().filter(l -> l.contains("pushing")).forEach(lines::add);
        return lines;
    }

    @Test
    void theTeamsCaFileMakesTheStoreTrusted() throws Exception {
        bodies.clear();
        Jvm.Result r = Jvm.run(Jvm.command(Jvm.java(), List.of(Jvm.agent("push=" + url() + ",pushperiod=1s,cafile=" + keys.resolve("ca.pem"))),
                "ExitWith", "--code", "3", "--millis", "3000"), Map.of(), 120);
        assertEquals(3, r.exit, r.toString());
        assertEquals(List.of(), pushLines(r), r.stderr);
        assertTrue(bodies.size() >= 2, bodies.size() + " periods");
        OfficialPprof pprof = OfficialPprof.loadOrSkip(protoDir);
        long samples = 0;
        for (byte[] b : new ArrayList<>(bodies)) {
            samples += new DecodedPprof(pprof.decode(b)).totalCount();
        }
        assertTrue(samples > 0, "the periods hold the run's samples");
    }

    @Test
    void withoutItTheHandshakeFailsInOneLineAndTheApplicationRunsOn() throws Exception {
        bodies.clear();
        Jvm.Result r = Jvm.run(Jvm.command(Jvm.java(), List.of(Jvm.agent("push=" + url() + ",pushperiod=1s")), "ExitWith", "--code", "3",
                "--millis", "3000"), Map.of(), 120);
        assertEquals(3, r.exit, r.toString());
        assertTrue(r.stdout.contains("goodbye"), r.stdout);
        List<String> lines = pushLines(r);
        assertTrue(!lines.isEmpty() && lines.get(0).contains("fails: SSLHandshakeException"), r.stderr);
        // The one failing line, and at exit the periods it could not send: never a line per period.
        assertTrue(lines.size() <= 2, lines.toString());
        assertEquals(0, bodies.size(), "nothing reached an untrusted store");
    }
}

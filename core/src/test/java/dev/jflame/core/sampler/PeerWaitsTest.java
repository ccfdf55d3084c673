package dev.jflame.core.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.options.Options;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A thread idle in a read names what it waits on, as Linux's {@code /proc} of both ends says: checked
 * against the other end's own descriptor table (a {@code cat} process) and a connection in this JVM.
 */
class PeerWaitsTest {
    private Thread reader;

    @BeforeEach
    void linuxOnly() {
        Assumptions.assumeTrue(Files.isDirectory(Paths.get("/proc/self/task")), "Linux /proc");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (reader != null) {
            reader.interrupt();
            reader.join(2_000);
        }
    }

    @Test
    void aReadOfAPipeNamesItsReadEndAndTheOtherProcessHoldsTheWriteEnd() throws Exception {
        Process cat = new ProcessBuilder("cat").start();
        try {
            InputStream out = cat.getInputStream();
            reader = startReader("pipe-reader", out);
            SamplerTest.awaitIn(reader, "readBytes", true);
            Map<String, Long> lines = sample("pipe-reader");
            String inode = Files.readSymbolicLink(Paths.get("/proc/" + cat.pid() + "/fd/1")).toString();
            String endpoint = inode + " read end";
            assertTrue(inode.startsWith("pipe:["), inode);
            long all = sum(lines, l -> l.startsWith("[thread pipe-reader]"));
            long named = sum(lines, l -> l.startsWith("[thread pipe-reader]") && l.endsWith("readBytes;[NATIVE_IDLE];[waits on " + endpoint + "]"));
            // The first samples, before two quiet intervals make the read idle, have no far end.
            assertTrue(all > 20 && named >= all - 3, named + " of " + all + " name " + endpoint + ": " + lines);
        } finally {
            cat.destroyForcibly();
        }
    }

    @Test
    void aReadOfAConnectionNamesItsAddressesAndTheOtherEndIsListed() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 1, loopback);
                Socket client = new Socket(loopback, server.getLocalPort());
                Socket accepted = server.accept()) {
            reader = startReader("socket-reader", client.getInputStream());
            Thread.sleep(50);
            String here = loopback.getHostAddress() + ":" + client.getLocalPort();
            String there = loopback.getHostAddress() + ":" + server.getLocalPort();
            Sampler s = new Sampler(Options.parse("engine=java,interval=5ms,threads=^socket-reader$"), ProcessInfo.current(), () -> { });
            SamplerTest.runFor(s, 60);
            Profile p = s.snapshot();
            Map<String, Long> lines = new CollapsedWriter(true, true).lines(p);
            long all = sum(lines, l -> l.startsWith("[thread socket-reader]"));
            long named = sum(lines, l -> l.startsWith("[thread socket-reader]") && l.endsWith(";[NATIVE_IDLE];[waits on tcp " + here + " -> " + there + "]"));
            assertTrue(all > 20 && named >= all - 3, named + " of " + all + ": " + lines);
            assertTrue(p.processes().get(0).endpoints.contains("tcp " + there + " -> " + here), "the accepting end is listed: "
                    + p.processes().get(0).endpoints);
        }
    }

    @Test
    void addressesReadAsBothEndsWriteThem() {
        assertEquals("127.0.0.1:8080", OpenEndpoints.address("0100007F:1F90"));
        assertEquals("127.0.0.1:8080", OpenEndpoints.address("0000000000000000FFFF00000100007F:1F90"), "IPv4 mapped into IPv6");
        assertEquals("[0:0:0:0:0:0:0:1]:443", OpenEndpoints.address("00000000000000000000000001000000:01BB"));
        assertEquals(null, OpenEndpoints.address("junk"));
    }

    private Map<String, Long> sample(String thread) throws InterruptedException {
        Sampler s = new Sampler(Options.parse("engine=java,interval=5ms,threads=^" + thread + "$"), ProcessInfo.current(), () -> { });
        SamplerTest.runFor(s, 60);
        return new CollapsedWriter(true, true).lines(s.snapshot());
    }

    private static Thread startReader(String name, InputStream in) {
        Thread t = new Thread(() -> {
            try {
                while (in.read() >= 0) {
                    // nothing comes: the read waits
                }
            } catch (java.io.IOException e) {
                // closed at the end of the test
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static long sum(Map<String, Long> lines, java.util.function.Predicate<String> p) {
        return lines.entrySet().stream().filter(e -> p.test(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }
}

package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Long-running control: start, start again, status, dump, stop, stop again, and list. */
class CliControlIT {
    private static final Pattern SAMPLES = Pattern.compile("samples\\s+(\\d+) in (\\d+) ticks");

    @Test
    void startDumpStatusStop() throws Exception {
        Path dir = Jvm.workDir("control");
        try (Cli.Target target = Cli.Target.service(Jvm.java(), dir)) {
            String pid = target.pid();
            Jvm.Result status = Cli.run(dir, "status", pid);
            assertEquals(0, status.exit, status.toString());
            assertTrue(status.stdout.contains("not running"), status.toString());

            Jvm.Result start = Cli.run(dir, "start", pid, "-o", "final.collapsed", "-i", "5ms");
            assertEquals(0, start.exit, start.toString());
            assertTrue(start.stdout.contains("writing " + dir.resolve("final.collapsed")), start.toString());

            Jvm.Result again = Cli.run(dir, "start", pid);
            assertEquals(1, again.exit, again.toString());
            assertTrue(again.stderr.contains("already running in pid " + pid), again.toString());

            Jvm.Result list = Cli.run(dir, "list");
            assertEquals(0, list.exit, list.toString());
            assertTrue(list.stdout.lines().anyMatch(l -> l.startsWith(pid + " ") && l.contains(" running ")
                    && l.contains("dev.jflame.testapps.Service")), list.toString());

            // Dumped once the profile holds 200 ticks (a second at 5 ms on a quiet machine), not after a
            // fixed sleep, in which a loaded machine's sampler ticks a third as often.
            Cli.statusUntil(dir, pid, s -> ticks(s) >= 200);
            Jvm.Result dump = Cli.run(dir, "dump", pid, "-o", "snap.collapsed");
            assertEquals(0, dump.exit, dump.toString());
            assertTrue(dump.stdout.contains("still profiling"), dump.toString());
            Collapsed snap = Collapsed.read(dir.resolve("snap.collapsed"));
            // The count said is the dump's own, not the last published status.
            assertTrue(dump.stdout.contains("(" + snap.total() + " samples so far)"), dump + "\n" + snap.total());
            assertTrue(snap.sum(s -> s.contains("dev.jflame.testapps.Service.handleRequest")) > 0, snap.top(10));
            assertTrue(Files.notExists(dir.resolve("final.collapsed")), "dump must not end the session");

            // Samples grow after a dump: the published count passes the dump's (it is refreshed about
            // once a second), which only a session the dump broke would never do.
            Jvm.Result later = Cli.statusUntil(dir, pid, s -> samples(s) > snap.total());
            assertTrue(later.stdout.contains("jflame is running in pid " + pid), later.toString());
            assertTrue(later.stdout.contains("tick cost"), later.toString());

            Jvm.Result stop = Cli.run(dir, "stop", pid);
            assertEquals(0, stop.exit, stop.toString());
            Collapsed fin = Collapsed.read(dir.resolve("final.collapsed"));
            assertTrue(fin.total() > snap.total(), "the final profile holds more than the snapshot");
            assertEquals(List.of(), target.jflameThreads(Jvm.java()));
            assertTrue(target.answers());

            Jvm.Result stopAgain = Cli.run(dir, "stop", pid);
            assertEquals(1, stopAgain.exit, stopAgain.toString());
            assertTrue(stopAgain.stderr.contains("not running in pid " + pid), stopAgain.toString());

            Jvm.Result dumpStopped = Cli.run(dir, "dump", pid);
            assertEquals(1, dumpStopped.exit, dumpStopped.toString());
            assertTrue(dumpStopped.stderr.contains("not running"), dumpStopped.toString());
        }
    }

    /** The samples a {@code jflame status} output says, or -1 if it says none. */
    private static long samples(String status) {
        Matcher m = SAMPLES.matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The ticks a {@code jflame status} output says, or -1 if it says none. */
    private static long ticks(String status) {
        Matcher m = SAMPLES.matcher(status);
        return m.find() ? Long.parseLong(m.group(2)) : -1;
    }
}

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
    private static final Pattern SAMPLES = Pattern.compile("samples\\s+(\\d+) in");

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

            Thread.sleep(1_500);
            long first = samples(Cli.run(dir, "status", pid));
            Jvm.Result dump = Cli.run(dir, "dump", pid, "-o", "snap.collapsed");
            assertEquals(0, dump.exit, dump.toString());
            assertTrue(dump.stdout.contains("still profiling"), dump.toString());
            Collapsed snap = Collapsed.read(dir.resolve("snap.collapsed"));
            // The count said is the dump's own, not the last published status.
            assertTrue(dump.stdout.contains("(" + snap.total() + " samples so far)"), dump + "\n" + snap.total());
            assertTrue(snap.sum(s -> s.contains("dev.jflame.testapps.Service.handleRequest")) > 0, snap.top(10));
            assertTrue(Files.notExists(dir.resolve("final.collapsed")), "dump must not end the session");

            Thread.sleep(2_500);
            Jvm.Result later = Cli.run(dir, "status", pid);
            assertTrue(later.stdout.contains("jflame is running in pid " + pid), later.toString());
            assertTrue(later.stdout.contains("tick cost"), later.toString());
            long second = samples(later);
            assertTrue(second > first, "samples must grow after a dump: " + first + " then " + second);

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

    private static long samples(Jvm.Result status) {
        Matcher m = SAMPLES.matcher(status.stdout);
        assertTrue(m.find(), status.toString());
        return Long.parseLong(m.group(1));
    }
}

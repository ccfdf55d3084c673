package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every way to get it wrong: one clear line on stderr, exit 1 (failure) or 2 (usage), target untouched. */
class CliErrorsIT {
    @Test
    void noSuchPid() throws Exception {
        Path dir = Jvm.workDir("err-nopid");
        long pid = 4_000_000 + (long) (Math.random() * 100_000); // above Linux's pid_max default
        Jvm.Result r = Cli.run(dir, "attach", Long.toString(pid), "-d", "1s");
        assertFailure(r, 1, "no process with pid " + pid);
    }

    @Test
    void aPidThatIsNotAJvmIsRefusedAndLeftAlone() throws Exception {
        Path dir = Jvm.workDir("err-notjvm");
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            Jvm.Result r = Cli.run(dir, "attach", Long.toString(sleep.pid()), "-d", "1s");
            assertFailure(r, 1, "is not a JVM");
            // The Attach API would have sent it SIGQUIT, which kills a sleep.
            assertFalse(sleep.waitFor(300, TimeUnit.MILLISECONDS), "the sleep must still be alive");
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void aJvmWithTheAttachMechanismDisabled() throws Exception {
        Path dir = Jvm.workDir("err-noattach");
        try (Cli.Target target = Cli.Target.service(Jvm.java(), dir, "-XX:+DisableAttachMechanism")) {
            Jvm.Result r = Cli.run(dir, "attach", target.pid(), "-d", "1s");
            assertFailure(r, 1, "DisableAttachMechanism");
            assertTrue(target.answers());
        }
    }

    @Test
    void anAmbiguousNameListsTheMatches() throws Exception {
        Path dir = Jvm.workDir("err-ambiguous");
        try (Cli.Target a = Cli.Target.service(Jvm.java(), dir); Cli.Target b = Cli.Target.service(Jvm.java(), dir)) {
            Jvm.Result r = Cli.run(dir, "attach", "Service", "-d", "1s");
            assertFailure(r, 1, "'Service' is ambiguous");
            assertTrue(r.stderr.contains(a.pid()) && r.stderr.contains(b.pid()), r.toString());
            Jvm.Result none = Cli.run(dir, "status", "NoSuchMainClassAnywhere");
            assertFailure(none, 1, "no JVM matches 'NoSuchMainClassAnywhere'");
        }
    }

    @Test
    void unwritableOutputIsRefusedBeforeAttaching() throws Exception {
        Path dir = Jvm.workDir("err-output");
        String java = Jvm.java25() != null ? Jvm.java25() : Jvm.java();
        try (Cli.Target target = Cli.Target.service(java, dir)) {
            for (String path : new String[] {"/proc/x.html", "/no/such/dir/x.html"}) {
                Jvm.Result r = Cli.run(dir, "attach", target.pid(), "-d", "1s", "-o", path);
                assertFailure(r, 1, "cannot write " + path);
            }
            Jvm.Result start = Cli.run(dir, "start", target.pid(), "-o", "/no/such/dir/x.html");
            assertFailure(start, 1, "cannot write /no/such/dir/x.html");
            // Never attached: jflame never started there, and (on JDK 21+) no dynamic-agent warning was printed.
            Jvm.Result status = Cli.run(dir, "status", target.pid());
            assertTrue(status.stdout.contains("never started"), status.toString());
            assertFalse(target.stderrText().contains("agent has been loaded"), target.stderrText());
        }
    }

    @Test
    void badOptionValuesAreUsageErrors() throws Exception {
        Path dir = Jvm.workDir("err-options");
        String self = Long.toString(ProcessHandle.current().pid());
        assertFailure(Cli.run(dir, "attach", self, "-i", "fast"), 2, "bad interval 'fast'");
        assertFailure(Cli.run(dir, "attach", self, "--depth", "-3"), 2, "bad depth '-3'");
        assertFailure(Cli.run(dir, "start", self, "--opt", "intervl=5ms"), 2, "unknown option 'intervl'");
        assertFailure(Cli.run(dir, "attach", self, "--bogus"), 2, "unknown flag '--bogus'");
        assertFailure(Cli.run(dir, "frobnicate"), 2, "unknown command 'frobnicate'; commands: list, attach");
        assertFailure(Cli.run(dir, "atach", self), 2, "unknown command 'atach'; did you mean 'attach'?");
        assertFailure(Cli.run(dir, "help", "stauts"), 2, "unknown command 'stauts'; did you mean 'status'?");
        assertFailure(Cli.run(dir, "attach"), 2, "attach needs exactly one <pid|name>");
    }

    private static void assertFailure(Jvm.Result r, int exit, String message) {
        assertEquals(exit, r.exit, r.toString());
        assertEquals(1, r.stderr.lines().count(), "one line on stderr: " + r);
        assertTrue(r.stderr.startsWith("jflame: ") && r.stderr.contains(message), r.toString());
    }
}

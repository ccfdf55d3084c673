package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.format.json.JsonProfileReader;
import dev.jflame.core.model.Profile;
import dev.jflame.flamegraph.Chromium;
import dev.jflame.flamegraph.HtmlWriter;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each waiting sample names its lock and who holds it, checked against LockOwners, which measures who
 * holds what (the holder holds its lock over 99 % of the run; it prints the lock's identity as the JVM
 * names it): six threads blocked on a monitor, six parked on a ReentrantLock, and a chain A waits for B
 * waits for C. On JDK 17 (captures stop the world: waits between captures keep each tick's holder) and
 * JDK 25 (handshakes). Shares of the profile's own samples, so a busy machine changes nothing. The
 * blame (the page's, in Chromium: what the holder did while others waited) is checked against the
 * program's own measure of the holder's time.
 */
class LockOwnersIT {
    private static final Pattern LOCK = Pattern.compile("(\\w+)=(\\S+)");

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void blockedOnAMonitorNameItsHolder(int jdk) throws Exception {
        Run r = run(jdk, "monitor");
        r.assertNamed("[thread waiter-", "[BLOCKED on dev.jflame.testapps.LockOwners$Gate]", r.locks.get("gate"), "holder");
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void parkedOnAReentrantLockNameItsHolder(int jdk) throws Exception {
        Run r = run(jdk, "lock");
        r.assertNamed("[thread waiter-", "[WAITING on java.util.concurrent.locks.ReentrantLock$NonfairSync]", r.locks.get("gate"), "holder");
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void aChainNamesEachLinksHolder(int jdk) throws Exception {
        Run r = run(jdk, "chain");
        r.assertNamed("[thread chain-A]", "[BLOCKED on dev.jflame.testapps.LockChain$M1]", r.locks.get("m1"), "chain-B");
        r.assertNamed("[thread chain-B]", "[BLOCKED on dev.jflame.testapps.LockChain$M2]", r.locks.get("m2"), "chain-C");
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void theBlameSplitsAsTheHolderSpentItsTime(int jdk) throws Exception {
        Run r = run(jdk, "monitor");
        Matcher split = Pattern.compile("split busy=([0-9.]+) sleep=([0-9.]+)").matcher(r.stdout);
        assertTrue(split.find(), r.stdout);
        double busy = Double.parseDouble(split.group(1));
        JsonObject frames = blameOfLock(r, r.locks.get("gate")).getAsJsonObject("frames");
        double inBusy = count(frames, "dev.jflame.testapps.LockOwners.insideBusy");
        double inSleep = count(frames, "dev.jflame.testapps.LockOwners.insideSleep");
        String seen = "program: busy " + busy + "; blame: insideBusy " + inBusy + ", insideSleep " + inSleep + "\n" + frames;
        assertTrue(inBusy + inSleep > 0, seen);
        assertEquals(busy, inBusy / (inBusy + inSleep), 0.05, seen);
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void aChainsBlameLandsOnItsLastHolder(int jdk) throws Exception {
        Run r = run(jdk, "chain");
        JsonObject blame = blameOfLock(r, r.locks.get("m1"));
        JsonObject frames = blame.getAsJsonObject("frames");
        double total = blame.get("total").getAsDouble();
        double viaB = count(frames, "[via chain-B]");
        double onC = count(frames, "[thread chain-C]");
        // C computes all along: of its samples with a stack (a loaded machine leaves some unsampled), insideC.
        double withStack = onC - count(frames, "[running, no JFR sample]") - count(frames, "[stack not taken: between safepoint-budget captures]");
        double inC = count(frames, "dev.jflame.testapps.LockChain.insideC");
        String seen = "blame of A's waits: " + total + " samples, " + viaB + " via chain-B, " + onC + " on chain-C, " + inC + " in insideC\n" + frames;
        assertTrue(total > 0 && viaB >= 0.9 * total && onC >= 0.9 * total, seen);
        assertTrue(withStack > 0 && inC >= 0.8 * withStack, seen);
    }

    /** The page's blame of every wait on {@code lock}, opened in Chromium through the page's hook. */
    private static JsonObject blameOfLock(Run r, String lock) throws Exception {
        Path page = r.json.resolveSibling(r.json.getFileName() + ".html");
        try (OutputStream out = Files.newOutputStream(page)) {
            new HtmlWriter().write(r.profile, out);
        }
        try (Chromium chrome = Chromium.launchOrSkip()) {
            chrome.viewport(1400, 1000);
            chrome.navigate(page);
            chrome.waitFor("window.jflameReady");
            String key = null;
            for (JsonElement l : chrome.eval("jflame.waits().locks").getAsJsonArray()) {
                if (l.getAsJsonObject().get("lock").getAsString().equals(lock)) {
                    key = l.getAsJsonObject().get("key").getAsString();
                }
            }
            assertTrue(key != null, lock + " is in the page's locks: " + chrome.eval("jflame.waits().locks"));
            JsonObject blame = chrome.eval("jflame.openBlame(" + Chromium.jsString(key) + ")").getAsJsonObject();
            chrome.screenshot(page.resolveSibling(page.getFileName() + ".png"));
            assertEquals(List.of(), chrome.takePageErrors(), "uncaught exceptions in the page");
            return blame;
        }
    }

    private static double count(JsonObject frames, String name) {
        return frames.has(name) ? frames.get(name).getAsDouble() : 0;
    }

    private static Run run(int jdk, String scenario) throws Exception {
        String java = jdk == 17 ? Jvm.java() : Jvm.java25();
        Assumptions.assumeTrue(java != null, "no JDK " + jdk + " here");
        Path out = Jvm.workDir("lock-owners").resolve(scenario + "-" + jdk + ".json");
        Jvm.Result res = Jvm.run(Jvm.command(java, List.of(Jvm.agent("file=" + out)), "LockOwners", "--scenario", scenario, "--seconds", "6"),
                Map.of(), 120);
        assertEquals(0, res.exit, res.toString());
        Run r = new Run();
        r.json = out;
        r.stdout = res.stdout;
        r.profile = new JsonProfileReader().read(out);
        r.lines = new CollapsedWriter(true, true).lines(r.profile);
        for (String line : res.stdout.split("\n")) {
            if (line.startsWith("lock ")) {
                Matcher m = LOCK.matcher(line);
                while (m.find()) {
                    r.locks.put(m.group(1), m.group(2));
                }
            }
        }
        assertTrue(!r.locks.isEmpty(), "LockOwners named its locks: " + res);
        return r;
    }

    /** One run's folded stacks, with thread and wait frames, and the locks the program named. */
    private static final class Run {
        Path json;
        String stdout;
        Profile profile;
        Map<String, Long> lines;
        final Map<String, String> locks = new java.util.HashMap<>();

        /** At least 95 % of {@code thread}'s samples in the wait ending in {@code leaf} name {@code lock} and its {@code holder}. */
        void assertNamed(String thread, String leaf, String lock, String holder) {
            Predicate<String> waiting = l -> l.startsWith(thread) && l.contains(";" + leaf);
            long all = sum(waiting);
            long named = sum(waiting.and(l -> l.endsWith(";" + leaf + ";[lock " + lock + "];[held by " + holder + "]")));
            assertTrue(all > 0 && named * 100 >= all * 95, thread + ": " + named + " of " + all + " samples in " + leaf + " name "
                    + holder + "\n" + top());
        }

        long sum(Predicate<String> p) {
            long n = 0;
            for (Map.Entry<String, Long> e : lines.entrySet()) {
                if (p.test(e.getKey())) {
                    n += e.getValue();
                }
            }
            return n;
        }

        String top() {
            List<Map.Entry<String, Long>> es = new ArrayList<>(lines.entrySet());
            es.sort((x, y) -> Long.compare(y.getValue(), x.getValue()));
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < Math.min(25, es.size()); i++) {
                b.append(es.get(i).getValue()).append(' ').append(es.get(i).getKey()).append('\n');
            }
            return b.toString();
        }
    }
}

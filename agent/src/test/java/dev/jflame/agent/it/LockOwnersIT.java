package dev.jflame.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflame.core.format.collapsed.CollapsedWriter;
import dev.jflame.core.format.json.JsonProfileReader;
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
 * JDK 25 (handshakes). Shares of the profile's own samples, so a busy machine changes nothing.
 */
class LockOwnersIT {
    private static final Pattern LOCK = Pattern.compile("(\\w+)=(\\S+)");

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void blockedOnAMonitorNameItsHolder(int jdk) throws Exception {
        Run r = run(jdk, "monitor");
        Predicate<String> waiting = l -> l.startsWith("[thread waiter-") && l.contains(";[BLOCKED on dev.jflame.testapps.LockOwners$Gate]");
        long all = r.sum(waiting);
        long named = r.sum(waiting.and(l -> l.endsWith(";[BLOCKED on dev.jflame.testapps.LockOwners$Gate];[lock " + r.locks.get("gate") + "];[held by holder]")));
        assertTrue(all > 0 && named * 100 >= all * 95, named + " of " + all + " blocked samples name the holder\n" + r.top());
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void parkedOnAReentrantLockNameItsHolder(int jdk) throws Exception {
        Run r = run(jdk, "lock");
        Predicate<String> waiting = l -> l.startsWith("[thread waiter-") && l.contains(";[WAITING on java.util.concurrent.locks.ReentrantLock$NonfairSync]");
        long all = r.sum(waiting);
        long named = r.sum(waiting.and(l -> l.endsWith(";[lock " + r.locks.get("gate") + "];[held by holder]")));
        assertTrue(all > 0 && named * 100 >= all * 95, named + " of " + all + " parked samples name the holder\n" + r.top());
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void aChainNamesEachLinksHolder(int jdk) throws Exception {
        Run r = run(jdk, "chain");
        Predicate<String> a = l -> l.startsWith("[thread chain-A]") && l.contains(";[BLOCKED on dev.jflame.testapps.LockChain$M1]");
        Predicate<String> b = l -> l.startsWith("[thread chain-B]") && l.contains(";[BLOCKED on dev.jflame.testapps.LockChain$M2]");
        long aAll = r.sum(a);
        long aNamed = r.sum(a.and(l -> l.endsWith("[lock " + r.locks.get("m1") + "];[held by chain-B]")));
        long bAll = r.sum(b);
        long bNamed = r.sum(b.and(l -> l.endsWith("[lock " + r.locks.get("m2") + "];[held by chain-C]")));
        String seen = "A: " + aNamed + " of " + aAll + " name chain-B; B: " + bNamed + " of " + bAll + " name chain-C\n" + r.top();
        assertTrue(aAll > 0 && aNamed * 100 >= aAll * 95, seen);
        assertTrue(bAll > 0 && bNamed * 100 >= bAll * 95, seen);
    }

    private static Run run(int jdk, String scenario) throws Exception {
        String java = jdk == 17 ? Jvm.java() : Jvm.java25();
        Assumptions.assumeTrue(java != null, "no JDK " + jdk + " here");
        Path out = Jvm.workDir("lock-owners").resolve(scenario + "-" + jdk + ".json");
        Jvm.Result res = Jvm.run(Jvm.command(java, List.of(Jvm.agent("file=" + out)), "LockOwners", "--scenario", scenario, "--seconds", "6"),
                Map.of(), 120);
        assertEquals(0, res.exit, res.toString());
        Run r = new Run();
        r.lines = new CollapsedWriter(true, true).lines(new JsonProfileReader().read(out));
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
        Map<String, Long> lines;
        final Map<String, String> locks = new java.util.HashMap<>();

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

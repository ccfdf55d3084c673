package dev.jflame.core.diff;

import java.util.regex.Pattern;

/**
 * How frames that name a run rather than code are keyed so that two runs line up. Stateless.
 *
 * <ul>
 *   <li>A process is its main class, not its pid: {@code [pid 4242 app.Main]} becomes
 *       {@code [process app.Main]}. A main that is a jar has the numbers in its name wildcarded:
 *       surefire's {@code surefirebooter-20250101120000_3.jar} and an {@code app-1.4.2.jar} against an
 *       {@code app-1.5.0.jar} (a release compared with the last) each pair up.</li>
 *   <li>A thread's numbers are wildcarded: {@code [thread pool-3-thread-7]} becomes
 *       {@code [thread pool-*-thread-*]}. Numbers are the order threads were made in, not an identity:
 *       worker 7 of one run has nothing to do with worker 7 of another, while the pool as a whole does.</li>
 * </ul>
 * Numbers in class and method names are never touched ({@code Http2Codec.decode}).
 */
public final class DiffKeys {
    /** A run of digits, with dots, dashes or underscores between digit groups: {@code 1.4.2}, {@code 20250101_3}. */
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[._-]\\d+)*");

    private DiffKeys() {
    }

    /** The process root of a main class or jar in a diff, e.g. {@code [process app.Main]}. */
    public static String process(String mainClass) {
        String main = mainClass == null || mainClass.isEmpty() ? "unknown" : mainClass;
        if (main.endsWith(".jar")) {
            main = wildcard(main);
        }
        return "[process " + main + "]";
    }

    /** A thread frame with its numbers wildcarded, e.g. {@code [thread hot-*]}. */
    public static String thread(String threadFrame) {
        return wildcard(threadFrame);
    }

    private static String wildcard(String s) {
        return NUMBER.matcher(s).replaceAll("*");
    }
}

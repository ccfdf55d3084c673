package dev.jflame.testapps;

/**
 * Prints {@code hello from app}, works for a while in {@link #work}, prints {@code goodbye} and exits
 * with a chosen status: the oracle for "the profiler never changes the application's output or exit
 * code".
 *
 * <p>Options: {@code --code 3} (exit status), {@code --millis 1500} (time spent in {@link #work}).
 */
public final class ExitWith {

    private static volatile long sink;

    private ExitWith() {
    }

    public static void main(String[] argv) {
        Args args = Args.parse("ExitWith", argv, "code", "3", "millis", "1500");
        int code = args.integer("code", 0);
        int millis = args.integer("millis", 0);
        System.out.println("hello from app");
        System.out.flush();
        sink = work(millis);
        System.out.println("goodbye");
        System.out.flush();
        System.exit(code);
    }

    /** Spins for {@code millis} of wall time, so the profile has something to show. */
    static long work(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        return Spin.until(deadline, 0x3C6EF372FE94F82BL);
    }
}

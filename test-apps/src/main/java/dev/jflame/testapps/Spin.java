package dev.jflame.testapps;

/** Busy work of a known wall-clock length or amount, shared by the programs' hot methods. Stateless. */
final class Spin {
    private Spin() {
    }

    /**
     * Runs xorshift rounds from {@code seed} until {@code System.nanoTime()} passes {@code deadline}
     * and returns the last value, which callers publish so the loop cannot be optimized away. It is
     * one frame below each program's named hot method, which a profile shows just above it.
     */
    static long until(long deadline, long seed) {
        long x = seed;
        do {
            for (int i = 0; i < 256; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
        } while (System.nanoTime() - deadline < 0);
        return x;
    }

    /**
     * Runs {@code blocks} blocks of the same xorshift rounds: a fixed amount of CPU work, which
     * takes longer, not less, when the thread waits for a core (unlike {@link #until}).
     */
    static long work(int blocks, long seed) {
        long x = seed;
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < 256; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
        }
        return x;
    }
}

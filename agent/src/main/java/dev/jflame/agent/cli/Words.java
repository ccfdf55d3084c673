package dev.jflame.agent.cli;

/** How the CLI words a count. Stateless. */
final class Words {
    private Words() {
    }

    /** {@code 1 process}, {@code 3 processes}. */
    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}

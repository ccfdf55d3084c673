package dev.jflame.testapps;

/** Prints the line tests wait for before they start measuring. Thread-safe (stdout is). */
final class Ready {

    private Ready() {
    }

    /** Prints {@code ready} and flushes, so a test reading our stdout through a pipe sees it at once. */
    static void announce() {
        announce("ready");
    }

    static void announce(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

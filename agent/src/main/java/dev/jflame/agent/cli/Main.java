package dev.jflame.agent.cli;

/** The {@code jflame} command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("jflame CLI: coming with the CLI issue");
    }
}

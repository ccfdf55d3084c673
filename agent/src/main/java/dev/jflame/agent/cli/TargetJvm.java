package dev.jflame.agent.cli;

import java.io.File;

/** A JVM the CLI may talk to: its pid and what the Attach API says it runs. Immutable. */
final class TargetJvm {
    final long pid;
    /** The main class or jar followed by the program's arguments; may be empty. */
    final String displayName;

    TargetJvm(long pid, String displayName) {
        this.pid = pid;
        this.displayName = displayName == null ? "" : displayName.trim();
    }

    /** The main class or jar path: the first word of the display name. */
    String main() {
        int sp = displayName.indexOf(' ');
        return sp < 0 ? displayName : displayName.substring(0, sp);
    }

    /** Whether {@code name} names this JVM exactly: its class (simple or qualified) or its jar (with or without .jar). */
    boolean isNamedExactly(String name) {
        String main = main();
        if (main.isEmpty()) {
            return false;
        }
        if (main.equals(name)) {
            return true;
        }
        if (main.endsWith(".jar")) {
            String file = new File(main).getName();
            return file.equals(name) || file.substring(0, file.length() - 4).equals(name);
        }
        return main.substring(main.lastIndexOf('.') + 1).equals(name);
    }

    boolean isNamedLoosely(String name) {
        return main().contains(name);
    }

    @Override
    public String toString() {
        return pid + " " + (displayName.isEmpty() ? "?" : displayName);
    }
}

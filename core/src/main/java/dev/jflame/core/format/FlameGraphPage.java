package dev.jflame.core.format;

/**
 * Finds the HTML page's writer, which lives in the {@code flamegraph} module: that module depends on
 * this one, so the format type cannot name the class. Stateless.
 */
final class FlameGraphPage {
    static final String WRITER = "dev.jflame.flamegraph.HtmlWriter";
    static final String DIFF_WRITER = "dev.jflame.flamegraph.DiffHtmlWriter";

    private FlameGraphPage() {
    }

    static ProfileWriter writer() {
        return (ProfileWriter) make(WRITER, new Class<?>[0]);
    }

    /** The diff page's writer: untitled (after the new side's main class), comparing shares or raw counts. */
    static DiffWriter diffWriter(boolean normalize) {
        return (DiffWriter) make(DIFF_WRITER, new Class<?>[] {String.class, boolean.class}, null, normalize);
    }

    private static Object make(String className, Class<?>[] types, Object... args) {
        try {
            return Class.forName(className).getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException | LinkageError e) {
            // Only a jar built without the flamegraph module gets here; jflame.jar always has it.
            throw new IllegalStateException("the HTML writer (" + className + ") is not on the class path", e);
        }
    }
}

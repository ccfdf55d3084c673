package dev.jflame.core.format;

/**
 * Finds the HTML page's writer, which lives in the {@code flamegraph} module: that module depends on
 * this one, so the format type cannot name the class. Stateless.
 */
final class FlameGraphPage {
    static final String WRITER = "dev.jflame.flamegraph.HtmlWriter";

    private FlameGraphPage() {
    }

    static ProfileWriter writer() {
        try {
            return (ProfileWriter) Class.forName(WRITER).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            // Only a jar built without the flamegraph module gets here; jflame.jar always has it.
            throw new IllegalStateException("the HTML writer (" + WRITER + ") is not on the class path", e);
        }
    }
}

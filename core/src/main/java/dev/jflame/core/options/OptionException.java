package dev.jflame.core.options;

/** A bad option key or value; the message is one line that names the problem and the valid forms. */
public final class OptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public OptionException(String message) {
        super(message);
    }
}

package dev.jflame.agent.protocol;

import java.util.Map;

/**
 * The agent's answer to a {@link Request} that asked for one: ok or error, a message, the session's
 * state after the request, and where relevant the output path and a sample count. The agent publishes
 * it in the system property {@link #property(String)}. Immutable.
 *
 * <p>Wire form: a first line {@code ok MESSAGE} or {@code error MESSAGE}, then a line of
 * {@link Fields}, e.g. {@code ok dumped\nstate=running samples=5210 output=/tmp/a b.html}. The message
 * is one line of prose for people; programs read the fields.
 */
public final class Reply {
    /** Followed by the request's reply id. */
    public static final String PROPERTY_PREFIX = "jflame.reply.";
    /** No count given. */
    public static final long NO_SAMPLES = -1;

    private static final String OK = "ok";
    private static final String ERROR = "error";
    private static final String STATE = "state";

    private final boolean ok;
    private final String message;
    private final Status.State state;
    private final String output;
    private final long samples;

    private Reply(boolean ok, String message, Status.State state, String output, long samples) {
        this.ok = ok;
        this.message = message;
        this.state = state;
        this.output = output;
        this.samples = samples;
    }

    /** @param state the session's state after the request */
    public static Reply ok(String message, Status.State state) {
        return new Reply(true, message, state, null, NO_SAMPLES);
    }

    /** @param state the session's state, which the failed request left as it was */
    public static Reply error(String message, Status.State state) {
        return new Reply(false, message, state, null, NO_SAMPLES);
    }

    /** This reply naming the path written, being written, or (for an error) in the way. */
    public Reply withOutput(String path) {
        return new Reply(ok, message, state, path, samples);
    }

    public Reply withSamples(long count) {
        return new Reply(ok, message, state, output, count);
    }

    /** The system property that carries the reply to the request with this id. */
    public static String property(String replyId) {
        return PROPERTY_PREFIX + replyId;
    }

    public boolean isOk() {
        return ok;
    }

    public String message() {
        return message;
    }

    /** Null where an older agent did not say. */
    public Status.State state() {
        return state;
    }

    /** Null if none was given. */
    public String output() {
        return output;
    }

    /** {@link #NO_SAMPLES} if none was given. */
    public long samples() {
        return samples;
    }

    public String format() {
        StringBuilder sb = new StringBuilder(120).append(ok ? OK : ERROR).append(' ');
        // The first line ends at the first line break: an exception's message may hold several.
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            sb.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        sb.append('\n');
        if (state != null) {
            Fields.append(sb, STATE, state.word());
        }
        if (samples != NO_SAMPLES) {
            Fields.append(sb, Fields.SAMPLES, samples);
        }
        Fields.append(sb, Fields.OUTPUT, output);
        return sb.toString();
    }

    /** Reads a reply in this form, or in the one-line form of older agents. */
    public static Reply parse(String text) {
        int lineEnd = text.indexOf('\n');
        String first = lineEnd < 0 ? text : text.substring(0, lineEnd);
        int space = first.indexOf(' ');
        boolean ok = OK.equals(space < 0 ? first : first.substring(0, space));
        if (lineEnd < 0) {
            return parseOneLine(ok, space < 0 ? "" : text.substring(space + 1));
        }
        Map<String, String> f = Fields.parse(text.substring(lineEnd + 1));
        String state = f.get(STATE);
        return new Reply(ok, space < 0 ? "" : first.substring(space + 1), state == null ? null : Status.State.named(state),
                f.get(Fields.OUTPUT), Fields.number(f, Fields.SAMPLES, NO_SAMPLES));
    }

    /**
     * An agent of an older jflame answers in one line of prose that holds the path. It stays loaded in
     * a target for the JVM's life (a later load of a newer jar runs the classes already there), so this
     * CLI still reads those answers: {@code ok started, writing PATH}, {@code ok stopped, wrote PATH},
     * {@code ok dumped N samples to PATH} or earlier {@code ok dumped PATH}, and {@code error already
     * running since MILLIS, writing PATH}; any other line is its message alone.
     */
    private static Reply parseOneLine(boolean ok, String text) {
        if (ok && text.startsWith("started, writing ")) {
            return new Reply(true, "started", Status.State.RUNNING, text.substring("started, writing ".length()), NO_SAMPLES);
        }
        if (ok && text.startsWith("stopped, wrote ")) {
            return new Reply(true, "stopped", Status.State.STOPPED, text.substring("stopped, wrote ".length()), NO_SAMPLES);
        }
        if (ok && text.startsWith("dumped ")) {
            String rest = text.substring("dumped ".length());
            int to = rest.indexOf(" samples to ");
            long samples = to > 0 ? digits(rest.substring(0, to)) : NO_SAMPLES;
            String path = samples == NO_SAMPLES ? rest : rest.substring(to + " samples to ".length());
            return new Reply(true, "dumped", Status.State.RUNNING, path, samples);
        }
        if (text.startsWith("already running")) {
            // Without a session's path it is a child agent's "ok already running".
            int writing = text.indexOf(", writing ");
            return new Reply(ok, text, Status.State.RUNNING, writing < 0 ? null : text.substring(writing + ", writing ".length()),
                    NO_SAMPLES);
        }
        return new Reply(ok, text, null, null, NO_SAMPLES);
    }

    /** The number {@code s} spells in decimal digits, else {@link #NO_SAMPLES}. */
    private static long digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return NO_SAMPLES;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException tooLong) {
            return NO_SAMPLES;
        }
    }

    @Override
    public String toString() {
        return format();
    }
}

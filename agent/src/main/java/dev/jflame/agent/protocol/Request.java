package dev.jflame.agent.protocol;

import dev.jflame.core.options.OptionException;

/**
 * One command to the agent, as carried in the agent argument string: {@code [verb,][reply=ID,][out=PATH,]
 * key=value,...}. Immutable.
 *
 * <p>The first word without {@code =} is the verb; without one the verb is {@code start}, so that
 * {@code -javaagent:jflame.jar=interval=5ms} starts profiling. Two keys belong to the protocol:
 * {@code reply=ID} asks for a {@link Reply} under {@link Reply#property(String) that id}, and
 * {@code out=PATH} is where {@code dump} writes. All other pairs are profiling options, handed on
 * as they are to {@link dev.jflame.core.options.Options#parse}.
 */
public final class Request {
    static final String REPLY_KEY = "reply=";
    static final String OUT_KEY = "out=";
    /** Reply ids become part of a property name: keep them short and plain. */
    private static final int MAX_REPLY_ID = 64;

    private final Verb verb;
    private final String replyId;
    private final String out;
    private final String options;

    /**
     * @param replyId letters, digits and {@code -}, at most 64; null for no reply
     * @param out where {@code dump} writes; null for the session's own output
     * @param options profiling options {@code key=value,...} as {@link dev.jflame.core.options.Options#toAgentString} makes them; may be empty
     * @throws OptionException for a bad reply id, or an {@code out} path with a {@code ,}
     */
    public Request(Verb verb, String replyId, String out, String options) {
        if (replyId != null) {
            checkReplyId(replyId);
        }
        if (out != null && out.indexOf(',') >= 0) {
            throw new OptionException("the dump path cannot contain ',' (the agent string separates options with it): " + out);
        }
        this.verb = verb;
        this.replyId = replyId;
        this.out = out;
        this.options = options == null ? "" : options;
    }

    public Verb verb() {
        return verb;
    }

    /** Null if no reply was asked for (e.g. {@code -javaagent}). */
    public String replyId() {
        return replyId;
    }

    /** Null for the session's own output. */
    public String out() {
        return out;
    }

    /** The profiling options, {@code key=value,...}; empty if none. */
    public String options() {
        return options;
    }

    /** The agent argument string that {@link #parse} reads back into this request. */
    public String format() {
        StringBuilder sb = new StringBuilder(verb.word());
        if (replyId != null) {
            sb.append(',').append(REPLY_KEY).append(replyId);
        }
        if (out != null) {
            sb.append(',').append(OUT_KEY).append(out);
        }
        if (!options.isEmpty()) {
            sb.append(',').append(options);
        }
        return sb.toString();
    }

    /**
     * Reads an agent argument string; null or empty is a {@code start} with default options. Parts
     * are trimmed, so a path keeps its inner spaces but not outer ones.
     *
     * @throws OptionException for an unknown verb or a bad reply id
     */
    public static Request parse(String args) {
        Verb verb = Verb.START;
        String reply = null;
        String out = null;
        StringBuilder rest = new StringBuilder();
        if (args != null) {
            // split on a one-character literal takes String's fast path, without loading regex.
            String[] parts = args.split(",");
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.isEmpty()) {
                    continue;
                }
                if (i == 0 && p.indexOf('=') < 0) {
                    verb = Verb.named(p);
                } else if (p.startsWith(REPLY_KEY)) {
                    reply = p.substring(REPLY_KEY.length());
                } else if (p.startsWith(OUT_KEY)) {
                    out = p.substring(OUT_KEY.length());
                } else {
                    rest.append(rest.length() == 0 ? "" : ",").append(p);
                }
            }
        }
        return new Request(verb, reply, out, rest.toString());
    }

    private static void checkReplyId(String id) {
        boolean ok = !id.isEmpty() && id.length() <= MAX_REPLY_ID;
        for (int i = 0; ok && i < id.length(); i++) {
            char c = id.charAt(i);
            ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-';
        }
        if (!ok) {
            throw new OptionException("bad reply id '" + id + "': expected 1 to " + MAX_REPLY_ID + " letters, digits or '-'");
        }
    }

    @Override
    public String toString() {
        return format();
    }
}

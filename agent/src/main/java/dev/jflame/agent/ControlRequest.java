package dev.jflame.agent;

import dev.jflame.core.options.OptionException;

/** An agent argument string split into command, control keys and profiling options. Immutable. */
final class ControlRequest {
    final String command;
    final String replyId;
    final String out;
    /** The remaining {@code key=value} pairs, for {@link dev.jflame.core.options.Options#parse}. */
    final String options;

    private ControlRequest(String command, String replyId, String out, String options) {
        this.command = command;
        this.replyId = replyId;
        this.out = out;
        this.options = options;
    }

    static ControlRequest parse(String args) {
        String command = "start";
        String reply = null;
        String out = null;
        StringBuilder rest = new StringBuilder();
        if (args != null) {
            String[] parts = args.split(",");
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.isEmpty()) {
                    continue;
                }
                if (i == 0 && p.indexOf('=') < 0) {
                    command = p;
                } else if (p.startsWith("reply=")) {
                    reply = p.substring("reply=".length());
                    if (!reply.matches("[A-Za-z0-9-]{1,64}")) {
                        throw new OptionException("bad reply id '" + reply + "'");
                    }
                } else if (p.startsWith("out=")) {
                    out = p.substring("out=".length());
                } else {
                    rest.append(rest.length() == 0 ? "" : ",").append(p);
                }
            }
        }
        return new ControlRequest(command, reply, out, rest.toString());
    }
}

package dev.jflame.agent.cli;

import dev.jflame.agent.protocol.Reply;
import dev.jflame.agent.protocol.Request;
import dev.jflame.agent.protocol.Status;
import dev.jflame.agent.protocol.Verb;
import dev.jflame.core.options.OptionException;
import java.io.File;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CLI's side of the control protocol with the jflame agent in one JVM: each command loads the
 * agent with a {@link Request} and reads back its {@link Reply}; the status is read from the property
 * the agent publishes, without loading anything. Failures are {@link CliException}s worded for the
 * user. Not thread-safe, except that {@link #status()} may run while another thread stops (attach's
 * Ctrl+C hook).
 */
final class AgentClient implements AutoCloseable {
    private static final AtomicInteger REPLY_SEQUENCE = new AtomicInteger();

    private final AttachedJvm jvm;
    /** Where the session writes as this client last heard it, for saying where the samples go if a stop fails. */
    private volatile String output;

    /** See {@link #startNote}. */
    private String startNote;

    private AgentClient(AttachedJvm jvm) {
        this.jvm = jvm;
    }

    /** @throws CliException with the reason in one line */
    static AgentClient attach(TargetJvm target) {
        return new AgentClient(AttachedJvm.attach(target));
    }

    long pid() {
        return jvm.target.pid;
    }

    /** The target's {@code java.version}, {@code ?} if it has none. */
    String javaVersion() {
        return jvm.properties().getProperty("java.version", "?");
    }

    /** What the agent last published; {@link Status#ABSENT} if jflame never started there. */
    Status status() {
        return Status.parse(jvm.properties().getProperty(Status.PROPERTY));
    }

    /** @throws CliException saying so (and what the last session wrote) unless a session runs */
    void requireRunning() {
        Status status = status();
        if (!status.isRunning()) {
            String last = status.state() != Status.State.ABSENT ? "; the last session wrote " + status.output() : "";
            throw CliException.failure("not running in pid " + pid() + last);
        }
        output = status.output();
    }

    /**
     * Starts a session and returns the output path the agent reports.
     *
     * @param agentOptions profiling options {@code key=value,...}
     * @throws CliException if jflame is already running there or the agent refuses
     */
    String start(String agentOptions) {
        Status status = status();
        if (status.isRunning()) {
            throw CliException.failure("already running in pid " + pid() + ", writing " + status.output()
                    + " (jflame status/dump/stop " + pid() + ")");
        }
        Reply reply = send(request(Verb.START, null, agentOptions));
        if (!reply.isOk()) {
            if (reply.state() == Status.State.RUNNING) {
                // Started from elsewhere since the status above.
                throw CliException.failure("already running in pid " + pid() + ": " + reply.message());
            }
            throw CliException.failure("jflame could not start in pid " + pid() + ": " + reply.message());
        }
        // An older agent that was already running as a child said no path; its status has it.
        output = reply.output() != null ? reply.output() : status().output();
        int note = reply.message().indexOf("; ");
        startNote = note < 0 ? null : reply.message().substring(note + 2);
        return output;
    }

    /** What the agent added to its last {@code start} reply (the engine it chose and why, a memory budget it lowered), or null. */
    String startNote() {
        return startNote;
    }

    /**
     * Stops the session and says what was written; a session that ended by itself (its duration, or
     * another stop) counts as stopped.
     *
     * @throws CliException saying where the samples are if the stop did not go through
     */
    Written stop() {
        Reply reply;
        try {
            reply = send(request(Verb.STOP, null, ""));
        } catch (CliException e) {
            throw CliException.failure(e.getMessage() + "; the samples stay in pid " + pid() + ": retry 'jflame stop " + pid()
                    + "', or they are written to " + output + " when that JVM exits");
        }
        if (!reply.isOk()) {
            Status after = status();
            if (after.state() == Status.State.STOPPED) {
                // The session ended by itself (its duration, or a race with another stop): it wrote already.
                return new Written(after.output(), after.samples());
            }
            throw CliException.failure("jflame could not stop in pid " + pid() + ": " + reply.message());
        }
        String written = reply.output() != null ? reply.output() : output;
        if (written == null || !new File(written).isFile()) {
            throw CliException.failure("jflame stopped in pid " + pid() + " but " + written
                    + " is missing: the agent could not write it (its reason is on the target's stderr)");
        }
        return new Written(written, samplesOr(reply));
    }

    /**
     * Writes a snapshot of the running session and keeps it running.
     *
     * @param file where to write; null for the session's own output
     * @throws CliException if no session runs, the path cannot be carried, or the agent could not write
     */
    Written dump(File file) {
        Request request = request(Verb.DUMP, file == null ? null : file.getPath(), "");
        requireRunning();
        Reply reply = send(request);
        if (!reply.isOk()) {
            throw CliException.failure("jflame could not dump in pid " + pid() + ": " + reply.message());
        }
        return new Written(reply.output(), samplesOr(reply));
    }

    /** The reply's count; an older agent's stop or dump said none, and its published status has one. */
    private long samplesOr(Reply reply) {
        return reply.samples() != Reply.NO_SAMPLES ? reply.samples() : status().samples();
    }

    /**
     * A request under a reply id of its own: this CLI's pid and a sequence number, so that concurrent
     * CLIs never read each other's answers.
     *
     * @throws CliException (usage) if the request cannot be carried, e.g. a dump path with a comma
     */
    private static Request request(Verb verb, String out, String agentOptions) {
        String id = "cli" + ProcessHandle.current().pid() + "-" + REPLY_SEQUENCE.incrementAndGet();
        try {
            return new Request(verb, id, out, agentOptions);
        } catch (OptionException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    /** @throws CliException if the agent could not be loaded or did not answer */
    private Reply send(Request request) {
        String what = request.verb().word();
        jvm.loadAgent(request.format(), what);
        String reply = jvm.properties().getProperty(Reply.property(request.replyId()));
        if (reply == null) {
            throw CliException.failure("the jflame agent in pid " + pid() + " did not answer " + what + " (see the target's stderr)");
        }
        return Reply.parse(reply);
    }

    @Override
    public void close() {
        jvm.close();
    }

    /** A profile the agent wrote: where, and how many samples it holds. Immutable. */
    static final class Written {
        final String path;
        final long samples;

        Written(String path, long samples) {
            this.path = path;
            this.samples = samples;
        }

        /** {@code PATH (N samples)}. */
        @Override
        public String toString() {
            return path + " (" + samples + " samples)";
        }
    }
}

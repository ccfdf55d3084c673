package dev.jflame.agent;

import dev.jflame.agent.output.AgentLog;
import dev.jflame.agent.output.OutputWriter;
import dev.jflame.agent.protocol.Reply;
import dev.jflame.agent.protocol.Request;
import dev.jflame.agent.protocol.Status;
import dev.jflame.core.options.OptionException;
import dev.jflame.core.options.Options;
import java.io.File;
import java.lang.instrument.Instrumentation;

/**
 * The agent's state in this JVM: at most one profiling session, and the commands that control it.
 * Thread-safe (all entry points synchronize on this object).
 *
 * <p>Every load of the agent, {@code -javaagent} or through the Attach API, carries one
 * {@link Request}; when it asks for a reply, the outcome is published as a {@link Reply} in a system
 * property for the CLI to read through the Attach API. The running session is also described in
 * the system property {@link Status#PROPERTY} (see {@link StatusPublisher}), which the CLI reads
 * without loading the agent. The forms are defined once, in {@code dev.jflame.agent.protocol}.
 */
public final class AgentRuntime {
    private static final AgentRuntime INSTANCE = new AgentRuntime();

    private ProfilerSession session;
    private Instrumentation inst;
    /** Whether the current command came through the Attach API rather than -javaagent. */
    private boolean attached;
    private Thread shutdownHook;
    private StatusPublisher publisher;

    private AgentRuntime() {
    }

    public static AgentRuntime get() {
        return INSTANCE;
    }

    synchronized void handle(String args, Instrumentation inst, boolean attached) {
        this.inst = inst;
        this.attached = attached;
        Request req;
        try {
            req = Request.parse(args);
        } catch (OptionException e) {
            // No reply id to answer under, or no verb to act on: the target's stderr is the only place.
            AgentLog.error(e.getMessage() + "; profiling disabled");
            return;
        }
        Reply reply;
        try {
            reply = dispatch(req);
        } catch (OptionException | IllegalStateException e) {
            reply = Reply.error(e.getMessage(), state());
        }
        if (req.replyId() != null) {
            System.setProperty(Reply.property(req.replyId()), reply.format());
        } else if (!reply.isOk()) {
            AgentLog.error(reply.message() + "; profiling disabled");
        }
    }

    private Reply dispatch(Request req) {
        switch (req.verb()) {
            case START:
                return start(req);
            case STOP:
                return stop();
            case DUMP:
                return dump(req);
            case STATUS:
                return status();
            default:
                throw new IllegalStateException("no handling for the verb " + req.verb().word());
        }
    }

    private Status.State state() {
        if (session == null) {
            return Status.State.ABSENT;
        }
        return session.isFinished() ? Status.State.STOPPED : Status.State.RUNNING;
    }

    private Reply start(Request req) {
        Options options = Options.parse(req.options());
        String engineNote = attached ? AttachEngine.whyJava(options) : null;
        boolean child = !options.spool().isEmpty();
        if (session != null && !session.isFinished()) {
            String output = session.output().getAbsolutePath();
            if (child) {
                // Reached twice (command line and inherited JAVA_TOOL_OPTIONS): one agent is enough.
                return Reply.ok("already running", Status.State.RUNNING).withOutput(output);
            }
            return Reply.error("already running since " + session.startMillis() + ", writing " + output, Status.State.RUNNING)
                    .withOutput(output);
        }
        AgentLog.setQuiet(child);
        if (engineNote != null) {
            // Standing in for JFR in a service: at most 10 pauses a second, as JFR's own start-up budget allows.
            options = options.toBuilder().set(Options.Key.CAPTURE_BUDGET, "true").build();
        }
        ProfilerSession s = ProfilerSession.start(options, engineNote != null ? Options.Engine.JAVA : options.engine(), inst, agentJarPath());
        session = s;
        // Said here, and in the reply for the CLI to show: an attached service's stderr is not where the user looks.
        String memoryNote = options.memoryBudgetNote(Runtime.getRuntime().maxMemory());
        if (memoryNote != null) {
            AgentLog.error(memoryNote);
        }
        Thread hook = new Thread(s.finisher(), "jflame-shutdown");
        s.sampler().exclude(hook);
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Attached while the JVM exits: nothing would write the profile, so do not start one.
            s.finish();
            throw new IllegalStateException("the JVM is shutting down");
        }
        shutdownHook = hook;
        // A child started under a profiled JVM is never controlled by the CLI; it needs no status
        // thread. (A JVM of `attach --tree` runs as a child too, but the CLI follows it.)
        publisher = child && !attached ? null : StatusPublisher.start(s, options.intervalNanos());
        String note = engineNote == null ? memoryNote : memoryNote == null ? engineNote : engineNote + "; " + memoryNote;
        return Reply.ok(note == null ? "started" : "started; " + note, Status.State.RUNNING)
                .withOutput(s.output().getAbsolutePath());
    }

    private Reply stop() {
        if (session == null || session.isFinished()) {
            throw new IllegalStateException("not running");
        }
        ProfilerSession s = session;
        s.finish();
        removeShutdownHook();
        if (publisher != null) {
            publisher.stop();
        }
        return Reply.ok("stopped", Status.State.STOPPED).withSamples(s.sampler().samples())
                .withOutput(s.output().getAbsolutePath());
    }

    private Reply dump(Request req) {
        if (session == null || session.isFinished()) {
            throw new IllegalStateException("not running");
        }
        File file = req.out() != null ? new File(req.out()) : session.output();
        String problem = OutputWriter.problemWriting(file);
        if (problem != null) {
            throw new IllegalStateException("cannot write " + file + ": " + problem);
        }
        // The count of the dump itself: the status the CLI could read instead is published periodically.
        long samples = session.dump(file);
        return Reply.ok("dumped", Status.State.RUNNING).withSamples(samples).withOutput(file.getAbsolutePath());
    }

    private Reply status() {
        if (session == null || session.isFinished()) {
            return Reply.ok("not running", state());
        }
        String line = publisher != null ? publisher.current().format() : "running as a child";
        return Reply.ok(line, Status.State.RUNNING).withOutput(session.output().getAbsolutePath());
    }

    /** Where this agent's jar is, for passing it on to child JVMs; null if unknown. */
    private static String agentJarPath() {
        try {
            return new File(Agent.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getAbsolutePath();
        } catch (Exception | Error e) {
            return null;
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running or about to; it finds the session finished and does nothing.
            }
            shutdownHook = null;
        }
    }
}

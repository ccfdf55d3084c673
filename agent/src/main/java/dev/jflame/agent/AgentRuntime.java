package dev.jflame.agent;

import dev.jflame.agent.output.OutputWriter;
import dev.jflame.core.options.OptionException;
import dev.jflame.core.options.Options;
import java.io.File;
import java.lang.instrument.Instrumentation;

/**
 * The agent's state in this JVM: at most one profiling session, and the commands that control it.
 * Thread-safe (all entry points synchronize on this object).
 *
 * <p>Agent arguments are an optional command followed by options: {@code [start|stop|dump|status,]
 * key=value,...}. Two keys belong to the control protocol, not to {@link Options}:
 * {@code reply=ID}, under which the outcome is published as the system property
 * {@code jflame.reply.ID} for the CLI to read through the Attach API, and {@code out=PATH} for
 * {@code dump}. The running session is also described in the system property {@code jflame.status}
 * (see {@link StatusPublisher}), which the CLI reads without loading the agent.
 */
public final class AgentRuntime {
    static final String REPLY_PROPERTY_PREFIX = "jflame.reply.";
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
        ControlRequest req;
        try {
            req = ControlRequest.parse(args);
        } catch (OptionException e) {
            AgentLog.error(e.getMessage() + "; profiling disabled");
            return;
        }
        String reply;
        try {
            reply = dispatch(req);
        } catch (OptionException | IllegalStateException e) {
            reply = "error " + e.getMessage();
            if (req.replyId == null) {
                AgentLog.error(e.getMessage() + "; profiling disabled");
            }
        }
        if (req.replyId != null) {
            System.setProperty(REPLY_PROPERTY_PREFIX + req.replyId, reply);
        }
    }

    private String dispatch(ControlRequest req) {
        switch (req.command) {
            case "start":
                return start(req);
            case "stop":
                return stop();
            case "dump":
                return dump(req);
            case "status":
                return status();
            default:
                throw new OptionException("unknown command '" + req.command + "'; expected start, stop, dump or status");
        }
    }

    private String start(ControlRequest req) {
        Options options = Options.parse(req.options);
        boolean child = !options.spool().isEmpty();
        if (session != null && !session.isFinished()) {
            if (child) {
                // Reached twice (command line and inherited JAVA_TOOL_OPTIONS): one agent is enough.
                return "ok already running";
            }
            throw new IllegalStateException("already running since " + session.startMillis() + ", writing " + session.output());
        }
        AgentLog.setQuiet(child);
        ProfilerSession s = ProfilerSession.start(options, inst, agentJarPath());
        session = s;
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
        return "ok started, writing " + s.output().getAbsolutePath();
    }

    private String stop() {
        if (session == null || session.isFinished()) {
            throw new IllegalStateException("not running");
        }
        ProfilerSession s = session;
        s.finish();
        removeShutdownHook();
        if (publisher != null) {
            publisher.stop();
        }
        return "ok stopped, wrote " + s.output().getAbsolutePath();
    }

    private String dump(ControlRequest req) {
        if (session == null || session.isFinished()) {
            throw new IllegalStateException("not running");
        }
        File file = req.out != null ? new File(req.out) : session.output();
        String problem = OutputWriter.problemWriting(file);
        if (problem != null) {
            throw new IllegalStateException("cannot write " + file + ": " + problem);
        }
        long samples = session.dump(file);
        // The count of the dump itself: the status the CLI could read instead is published periodically.
        return "ok dumped " + samples + " samples to " + file.getAbsolutePath();
    }

    private String status() {
        if (session == null || session.isFinished()) {
            return "ok not running";
        }
        return publisher != null ? "ok " + publisher.describe() : "ok running as a child, writing " + session.output();
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

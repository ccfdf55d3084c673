package dev.jflame.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JVM this CLI is attached to, and the agent's control protocol over it: each command loads the
 * agent jar with {@code <command>,reply=ID,...} and reads the outcome from the system property
 * {@code jflame.reply.ID}. Not thread-safe except {@link #status()}, which only reads properties.
 */
final class AttachedJvm implements AutoCloseable {
    private static final AtomicInteger REPLY_SEQUENCE = new AtomicInteger();

    final TargetJvm target;
    private final VirtualMachine vm;

    private AttachedJvm(TargetJvm target, VirtualMachine vm) {
        this.target = target;
        this.vm = vm;
    }

    /** @throws CliException with the reason in one line */
    static AttachedJvm attach(TargetJvm target) {
        try {
            return new AttachedJvm(target, VirtualMachine.attach(Long.toString(target.pid)));
        } catch (AttachNotSupportedException e) {
            throw CliException.failure("cannot attach to pid " + target.pid + ": " + explain(e.getMessage()));
        } catch (IOException e) {
            throw CliException.failure("cannot attach to pid " + target.pid + ": " + explain(e.getMessage()));
        }
    }

    private static String explain(String message) {
        String m = message == null ? "" : message;
        if (m.contains("does not support the attach mechanism")) {
            return "the JVM does not allow it (started with -XX:+DisableAttachMechanism?)";
        }
        if (m.contains("should be owned by the current user")) {
            return m + " (attach needs the user the JVM runs as: sudo -u <that user> jflame ...)";
        }
        return m;
    }

    /** The target's system properties. */
    Properties properties() {
        try {
            return vm.getSystemProperties();
        } catch (IOException e) {
            throw CliException.failure("lost the connection to pid " + target.pid + ": " + e.getMessage());
        }
    }

    /** What the agent last published, read without loading it again (see the agent's StatusPublisher). */
    AgentStatus status() {
        return AgentStatus.from(properties());
    }

    /**
     * Sends one control command and returns the agent's reply, {@code ok ...} or {@code error ...}.
     *
     * @param agentOptions {@code key=value,...} or empty
     * @throws CliException if the agent could not be loaded or did not answer
     */
    String send(String command, String agentOptions) {
        String id = "cli" + ProcessHandle.current().pid() + "-" + REPLY_SEQUENCE.incrementAndGet();
        String args = command + ",reply=" + id + (agentOptions.isEmpty() ? "" : "," + agentOptions);
        try {
            vm.loadAgent(JflameJar.path().toString(), args);
        } catch (AgentLoadException | AgentInitializationException e) {
            throw CliException.failure("the jflame agent failed to load in pid " + target.pid + ": " + e.getMessage()
                    + " (see the target's stderr)");
        } catch (IOException e) {
            throw CliException.failure("lost the connection to pid " + target.pid + " while sending " + command + ": " + e.getMessage());
        }
        String reply = properties().getProperty("jflame.reply." + id);
        if (reply == null) {
            throw CliException.failure("the jflame agent in pid " + target.pid + " did not answer " + command + " (see the target's stderr)");
        }
        return reply;
    }

    @Override
    public void close() {
        try {
            vm.detach();
        } catch (IOException ignored) {
            // Detaching only closes our side; nothing to report.
        }
    }
}

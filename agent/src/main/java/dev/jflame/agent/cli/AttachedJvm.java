package dev.jflame.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.util.Properties;

/**
 * A JVM this CLI is attached to through the Attach API: reading its system properties and loading the
 * jflame jar into it, with the reasons for failures worded for the user. What the agent is told and
 * answers is {@link AgentClient}'s business. Not thread-safe except {@link #properties()}.
 */
final class AttachedJvm implements AutoCloseable {
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

    /**
     * Loads the jflame jar with {@code args} as its agent argument string.
     *
     * @param what the command being sent, for messages
     * @throws CliException if the agent could not be loaded
     */
    void loadAgent(String args, String what) {
        try {
            vm.loadAgent(JflameJar.path().toString(), args);
        } catch (AgentLoadException | AgentInitializationException e) {
            throw CliException.failure("the jflame agent failed to load in pid " + target.pid + ": " + e.getMessage()
                    + " (see the target's stderr)");
        } catch (IOException e) {
            throw CliException.failure("lost the connection to pid " + target.pid + " while sending " + what + ": " + e.getMessage());
        }
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

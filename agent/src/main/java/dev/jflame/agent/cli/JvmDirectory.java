package dev.jflame.agent.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds JVMs: lists those the Attach API knows and turns a {@code <pid|name>} argument into one
 * of them. Stateless.
 *
 * <p>A pid is checked before anyone attaches to it, because on Linux and macOS the Attach API
 * "wakes" a target that has no attach socket yet by sending it SIGQUIT, which kills a process that is
 * not a JVM (a {@code sleep}, a shell).
 */
final class JvmDirectory {
    private JvmDirectory() {
    }

    /** The JVMs the Attach API lists (those with perf data visible to this user), without this CLI. */
    static List<TargetJvm> list() {
        long self = ProcessHandle.current().pid();
        List<TargetJvm> jvms = new ArrayList<>();
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            long pid;
            try {
                pid = Long.parseLong(d.id());
            } catch (NumberFormatException e) {
                continue;
            }
            if (pid != self) {
                jvms.add(new TargetJvm(pid, d.displayName()));
            }
        }
        jvms.sort((a, b) -> Long.compare(a.pid, b.pid));
        return jvms;
    }

    /**
     * Resolves a pid or a name (exact class or jar name first, else a substring of the main class or
     * jar).
     *
     * @throws CliException if nothing or more than one JVM matches, or the pid is not a JVM
     */
    static TargetJvm resolve(String pidOrName) {
        if (pidOrName.matches("\\d{1,10}")) {
            return byPid(Long.parseLong(pidOrName));
        }
        List<TargetJvm> all = list();
        List<TargetJvm> exact = new ArrayList<>();
        List<TargetJvm> loose = new ArrayList<>();
        for (TargetJvm j : all) {
            if (j.isNamedExactly(pidOrName)) {
                exact.add(j);
            } else if (j.isNamedLoosely(pidOrName)) {
                loose.add(j);
            }
        }
        List<TargetJvm> matches = exact.isEmpty() ? loose : exact;
        if (matches.isEmpty()) {
            throw CliException.failure("no JVM matches '" + pidOrName + "' (jflame list shows the JVMs of this user)");
        }
        if (matches.size() > 1) {
            StringBuilder sb = new StringBuilder("'" + pidOrName + "' is ambiguous, it matches " + matches.size() + " JVMs; give a pid:");
            for (TargetJvm j : matches) {
                sb.append(' ').append(j.pid).append(" (").append(j.main()).append(')');
            }
            throw CliException.failure(sb.toString());
        }
        return matches.get(0);
    }

    private static TargetJvm byPid(long pid) {
        if (pid == ProcessHandle.current().pid()) {
            throw CliException.failure("pid " + pid + " is this jflame command itself");
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (!process.isPresent() || !process.get().isAlive()) {
            throw CliException.failure("no process with pid " + pid);
        }
        for (TargetJvm j : list()) {
            if (j.pid == pid) {
                return j;
            }
        }
        // Not listed: a JVM run with -XX:-UsePerfData or by another user, or no JVM at all.
        Boolean hasJvm = mapsLibjvm(pid);
        if (Boolean.TRUE.equals(hasJvm)) {
            return new TargetJvm(pid, "");
        }
        String what = process.get().info().command().map(c -> " (" + c + ")").orElse("");
        String user = process.get().info().user().orElse(null);
        String self = System.getProperty("user.name");
        if (hasJvm == null && user != null && !user.equals(self)) {
            throw CliException.failure("pid " + pid + what + " is not a JVM this user can attach to (it runs as " + user
                    + ", jflame as " + self + "; attach needs the same user)");
        }
        boolean javaCommand = process.get().info().command().map(c -> c.endsWith("/java") || c.equals("java")).orElse(false);
        if (hasJvm == null && javaCommand) {
            // Same user, memory map unreadable (a hardened /proc): a java that the Attach API does not list.
            throw CliException.failure("pid " + pid + what + " is not listed by the Attach API (started with -XX:-UsePerfData,"
                    + " or in another container?)");
        }
        throw CliException.failure("pid " + pid + what + " is not a JVM");
    }

    /** Whether the process has libjvm mapped; null if that cannot be read (another user, not Linux). */
    private static Boolean mapsLibjvm(long pid) {
        Path maps = Paths.get("/proc", Long.toString(pid), "maps");
        try {
            for (String line : Files.readAllLines(maps, StandardCharsets.ISO_8859_1)) {
                if (line.endsWith("/libjvm.so")) {
                    return Boolean.TRUE;
                }
            }
            return Boolean.FALSE;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}

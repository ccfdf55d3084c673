package dev.jflame.agent.cli;

import dev.jflame.agent.children.Spool;
import dev.jflame.core.model.Profile;
import dev.jflame.core.options.Options;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code jflame attach --tree <pid>}: profiles a JVM and every JVM among its descendants (a master and
 * its running workers) and writes one merged profile. Not thread-safe; used once per CLI run.
 *
 * <p>Each JVM runs the agent as a child does: it writes its own profile into the spool beside the
 * output and flushes it periodically, so a worker that dies during the attach still counts, and
 * workers the master starts meanwhile are followed into the same spool (unless {@code --children
 * false}).
 */
final class TreeAttach {
    private TreeAttach() {
    }

    static int run(TargetJvm root, Options options) throws InterruptedException, IOException {
        String template = OutputPaths.absoluteTemplate(options);
        File out = OutputPaths.checkWritable(template, root.pid);
        File spool = OutputPaths.freshSpool(out);
        Options memberOptions = options.toBuilder().set(Options.Key.SPOOL, spool.getAbsolutePath()).build();
        String agentString = OutputPaths.agentStringStoppedByCli(memberOptions, template, options.durationNanos());

        List<AgentClient> attached = new ArrayList<>();
        try {
            for (TargetJvm member : members(root)) {
                try {
                    AgentClient agent = AgentClient.attach(member);
                    attached.add(agent);
                    agent.start(agentString);
                    if (member.pid == root.pid) {
                        // The members share the root's JDK as a rule; one line says what the engine does.
                        Notes.engine(agent);
                    }
                } catch (CliException e) {
                    if (member.pid == root.pid) {
                        throw e;
                    }
                    System.err.println("jflame: leaving out pid " + member.pid + ": " + e.getMessage());
                }
            }
            System.out.println("profiling " + Words.count(attached.size(), "JVM", "JVMs") + " of the tree of pid " + root.pid);
            SessionWatch.until(attached, options.durationNanos() / 1_000_000L, spool.getPath());
            for (AgentClient agent : attached) {
                try {
                    agent.stop();
                } catch (CliException e) {
                    // A worker that exited has written its profile at exit; one that cannot be stopped
                    // keeps flushing into the spool, and `jflame merge` picks it up later.
                    System.err.println("jflame: pid " + agent.pid() + ": " + e.getMessage());
                }
            }
        } finally {
            for (AgentClient agent : attached) {
                agent.close();
            }
        }
        List<Profile> profiles = Spool.readAll(Spool.profiles(spool));
        if (profiles.isEmpty()) {
            throw CliException.failure("no profile was written into " + spool);
        }
        // The expanded path has the template's extension, so the options' format is the file's.
        System.out.println("wrote " + MergedOutput.write(profiles, out, options.outputFormat(), options) + "; per-process profiles in " + spool);
        return 0;
    }

    /** The root and the JVMs among its descendants, root first. */
    static List<TargetJvm> members(TargetJvm root) {
        Set<Long> descendants = new HashSet<>();
        ProcessHandle.of(root.pid).ifPresent(h -> h.descendants().forEach(d -> descendants.add(d.pid())));
        List<TargetJvm> members = new ArrayList<>();
        members.add(root);
        for (TargetJvm j : JvmDirectory.list()) {
            if (descendants.contains(j.pid)) {
                members.add(j);
            }
        }
        return members;
    }
}

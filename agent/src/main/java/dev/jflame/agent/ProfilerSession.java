package dev.jflame.agent;

import dev.jflame.agent.children.ChildPropagation;
import dev.jflame.agent.children.Spool;
import dev.jflame.agent.output.AgentLog;
import dev.jflame.agent.output.OutputWriter;
import dev.jflame.agent.output.SafeFiles;
import dev.jflame.agent.push.PushSession;
import dev.jflame.agent.push.Pusher;
import dev.jflame.core.format.ProfileFormat;
import dev.jflame.core.merge.ProfileMerger;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.options.Options;
import dev.jflame.core.sampler.Sampler;
import dev.jflame.core.util.Pids;
import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One profiling run in this JVM: a sampler, where its profile goes, and the spool shared with child
 * JVMs. Thread-safe: the sampler thread (duration end), the shutdown hook, the flusher and CLI
 * commands may race; the final profile is written once.
 *
 * <p>A root session writes the output file; if child JVMs left profiles in the spool it writes its
 * own there too and merges them all. A child session (option {@code spool}) writes only its own
 * profile into the spool: every {@code flush} period while running (marked partial), and at exit.
 */
final class ProfilerSession {
    /** The root writes its partial profile every this many {@code flush} periods (10 s by default). */
    static final int ROOT_FLUSH_FACTOR = 5;

    private final Options options;
    private final Sampler sampler;
    private final File output;
    private final File spool;
    private final boolean child;
    private final long startMillis;
    private final long pid;
    private Thread flusher;
    /** Push mode's thread, or null. */
    private Pusher pusher;
    private boolean finished;
    /** The last write problem reported, so that repeats are not. */
    private String lastProblem;
    /** Samples at the last partial flush, -1 before the first. */
    private long flushedSamples = -1;

    private ProfilerSession(Options options, File output, File spool) {
        this.options = options;
        this.output = output;
        this.spool = spool;
        this.child = !options.spool().isEmpty();
        ProcessInfo identity = ProcessInfo.current();
        if (child) {
            identity.parentPid = Pids.parent();
        }
        this.pid = identity.pid;
        // Inner classes rather than lambdas here and below: see Sampler's constructor.
        this.sampler = new Sampler(options, identity, finisher());
        this.startMillis = System.currentTimeMillis();
    }

    /**
     * Validates the output path, starts sampling and, with {@code children=true}, following child JVMs.
     *
     * @param engine the engine this JVM's sampler uses (an attach may choose another than asked);
     *     child JVMs get the one {@code options} ask for, and choose for themselves
     * @throws IllegalStateException with a one-line reason if the output cannot be written
     */
    static ProfilerSession start(Options options, Options.Engine engine, Instrumentation inst, String jarPath) {
        if (isPushOnly(options)) {
            return startPushOnly(options, engine, inst, jarPath);
        }
        File output = options.outputFile(Pids.self(), System.currentTimeMillis());
        boolean child = !options.spool().isEmpty();
        File spool = child ? new File(options.spool()) : Spool.forOutput(output);
        try {
            if (child) {
                Spool.create(spool);
            }
        } catch (SafeFiles.RefusedException e) {
            throw new IllegalStateException(e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create spool " + spool + ": " + e);
        }
        String problem = OutputWriter.problemWriting(output);
        if (problem != null) {
            throw new IllegalStateException("cannot write file=" + output + ": " + problem);
        }
        boolean spoolUsable = child;
        if (!child) {
            try {
                // The root keeps its own partial profile in the spool too, so a root killed without
                // its shutdown hook (SIGKILL, Runtime.halt) leaves data that `jflame merge` recovers.
                Spool.create(spool);
                Spool.clearStale(spool);
                spoolUsable = true;
            } catch (SafeFiles.RefusedException e) {
                AgentLog.error(e.getMessage() + "; child JVMs' profiles will not be merged");
            } catch (IOException e) {
                AgentLog.error("cannot use spool " + spool + ": " + e);
            }
        }
        // Rebuilt only when an attach chose another engine: building parses every option again.
        Options own = engine == options.engine() ? options : options.toBuilder().set(Options.Key.ENGINE, engine.value()).build();
        ProfilerSession s = new ProfilerSession(own, output, spool);
        if (options.children() && inst != null && jarPath != null) {
            ChildPropagation.install(inst, jarPath, childOptions(options, spool), child);
        }
        boolean pushing = !options.push().isEmpty();
        if (pushing) {
            // The file (and the spool's partial profiles) still hold the whole run.
            s.sampler.keepHistory();
        }
        s.sampler.start(JdkAccess.opener(inst));
        if (pushing) {
            try {
                s.pusher = PushSession.start(own, s.sampler, s.sampler.identity());
            } catch (IllegalStateException e) {
                AgentLog.error("push is off: " + e.getMessage() + "; the profile goes to " + output + " only");
            }
        }
        if (spoolUsable) {
            s.startFlusher();
        }
        return s;
    }

    /**
     * Push without a file: a service that is always on. Its memory stays flat: no file, no spool, no
     * history of the run, each period's samples dropped once they are encoded; its followed JVMs push
     * the same way. Where the push cannot start, the run goes to the file the options name after all.
     */
    static boolean isPushOnly(Options options) {
        return !options.push().isEmpty() && !options.isSet(Options.Key.FILE) && options.spool().isEmpty();
    }

    private static ProfilerSession startPushOnly(Options options, Options.Engine engine, Instrumentation inst, String jarPath) {
        File output = options.outputFile(Pids.self(), System.currentTimeMillis());
        Options own = engine == options.engine() ? options : options.toBuilder().set(Options.Key.ENGINE, engine.value()).build();
        ProfilerSession s = new ProfilerSession(own, output, null);
        if (options.children() && inst != null && jarPath != null) {
            ChildPropagation.install(inst, jarPath, pushOnlyChildOptions(options), false);
        }
        s.sampler.start(JdkAccess.opener(inst));
        try {
            s.pusher = PushSession.start(own, s.sampler, s.sampler.identity());
        } catch (IllegalStateException e) {
            AgentLog.error("push is off: " + e.getMessage() + "; the profile goes to " + output + " at exit instead");
        }
        return s;
    }

    /** A followed JVM of a push-only tree: pushes on its own, under the root's name, with no file. */
    private static String pushOnlyChildOptions(Options options) {
        return pushIdentity(options.toBuilder().unset(Options.Key.FORMAT).unset(Options.Key.DURATION)
                .set(Options.Key.FOLLOWED, "true"), options).build().toAgentString();
    }

    /** A followed JVM pushes its own series under the root's service name, saying whose tree it is in. */
    private static Options.Builder pushIdentity(Options.Builder b, Options options) {
        if (options.pushRoot().isEmpty()) {
            b.set(Options.Key.PUSH_ROOT, Long.toString(Pids.self()));
        }
        if (options.app().isEmpty()) {
            b.set(Options.Key.APP, ProcessInfo.current().mainClass);
        }
        return b;
    }

    /** What a child JVM is started with: this run's sampling options, writing into the spool. */
    static String childOptions(Options options, File spool) {
        Options.Builder b = options.toBuilder()
                .unset(Options.Key.FILE).unset(Options.Key.FORMAT).unset(Options.Key.DURATION)
                .set(Options.Key.SPOOL, spool.getAbsolutePath())
                .set(Options.Key.FOLLOWED, "true");
        if (!options.push().isEmpty()) {
            pushIdentity(b, options);
        }
        return b.build().toAgentString();
    }

    File output() {
        return output;
    }

    Sampler sampler() {
        return sampler;
    }

    long startMillis() {
        return startMillis;
    }

    synchronized boolean isFinished() {
        return finished;
    }

    /** Stops sampling and writes the profile; later calls do nothing. Returns false if already done. */
    synchronized boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        if (flusher != null) {
            flusher.interrupt();
        }
        // Also when `duration` ends on its own: children started from now on are not followed into
        // a spool nobody will merge.
        ChildPropagation.uninstall();
        sampler.stop();
        if (pusher != null) {
            pusher.finish();
            if (spool == null) {
                // Push only: the last period went with the pushes; there is no file.
                return true;
            }
        }
        Profile own = sampler.finalProfile();
        if (spool == null) {
            // Push only, and the push never started: the run goes to the file instead (its children pushed or wrote their own).
            writeQuietly(own, output, options.outputFormat(), true);
            return true;
        }
        if (child) {
            writeQuietly(own, output, ProfileFormat.JSON, false);
            return true;
        }
        List<File> others = childProfiles();
        if (others.isEmpty()) {
            if (writeQuietly(own, output, options.outputFormat(), true)) {
                dropOwnPartial();
            } else {
                // The output failed (a full disk): a partial profile of ours in the spool is what is
                // left of the run and stays; a spool with nothing in it goes.
                Spool.removeIfEmpty(spool);
            }
            return true;
        }
        // Our own profile, complete now, replaces its partial one in the spool so that `jflame merge`
        // can redo this merge later.
        writeQuietly(own, partialFile(), ProfileFormat.JSON, false);
        // The merged tree, like our own, must fit this JVM's memory budget: what does not fit is left
        // to `jflame merge`, which runs in a JVM of its own.
        int room = CallTree.nodesWithin(options.memoryBudgetBytes(Runtime.getRuntime().maxMemory())) - own.tree().size();
        Spool.Read children = Spool.readWithin(others, room);
        List<Profile> all = new ArrayList<>();
        all.add(own);
        all.addAll(children.profiles);
        Profile merged = new ProfileMerger().merge(all);
        writeQuietly(merged, output, options.outputFormat(), true);
        AgentLog.info("merged " + merged.processes().size() + " processes; their profiles stay in " + spool);
        if (children.leftOut > 0) {
            AgentLog.error(children.leftOut + " child profiles did not fit this JVM's profile memory budget (memory="
                    + options.memoryBudgetBytes(Runtime.getRuntime().maxMemory()) / (1 << 20) + "m) and are not in " + output
                    + "; merge them all with: jflame merge " + spool + " -o " + output);
        }
        return true;
    }

    /** A task that finishes this session, for the shutdown hook and the end of {@code duration}. */
    Runnable finisher() {
        return new Runnable() {
            @Override
            public void run() {
                finish();
            }
        };
    }

    /**
     * Writes what has been sampled so far to {@code file} and keeps sampling; returns how many samples
     * it wrote. Synchronized like the final write and the flushes, which may target the same file
     * through the same temporary name.
     */
    synchronized long dump(File file) {
        ProfileFormat byName = ProfileFormat.forFile(file.getName());
        Profile snapshot = sampler.snapshot();
        writeQuietly(snapshot, file, byName != null ? byName : options.outputFormat(), true);
        return snapshot.tree().totalSamples();
    }

    /** Where this JVM's partial profile goes: a child's is its output; the root's sits beside its children's. */
    private File partialFile() {
        return child ? output : new File(spool, pid + ".json");
    }

    /** With no children to merge, the root's partial profile and the then empty spool are not left behind. */
    private void dropOwnPartial() {
        try {
            java.nio.file.Files.deleteIfExists(partialFile().toPath());
            java.nio.file.Files.deleteIfExists(spool.toPath());
        } catch (IOException notEmptyOrGone) {
            // A spool with other files in it stays, as it is.
        }
    }

    private List<File> childProfiles() {
        List<File> files = new ArrayList<>();
        try {
            for (File f : Spool.profiles(spool)) {
                if (!f.getName().equals(pid + ".json")) {
                    files.add(f);
                }
            }
        } catch (SafeFiles.RefusedException e) {
            AgentLog.error(e.getMessage() + "; child JVMs' profiles are not merged");
        } catch (IOException e) {
            AgentLog.error("cannot read spool " + spool + ": " + e);
        }
        return files;
    }

    private void startFlusher() {
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                flushLoop();
            }
        }, "jflame-flush");
        t.setDaemon(true);
        sampler.exclude(t);
        flusher = t;
        t.start();
    }

    private void flushLoop() {
        // The root flushes less often: its profile is usually the largest of the tree, and each flush
        // is a snapshot copy and a JSON write on the application's CPU.
        long millis = TimeUnit.NANOSECONDS.toMillis(options.flushNanos()) * (child ? 1 : ROOT_FLUSH_FACTOR);
        try {
            while (true) {
                Thread.sleep(millis);
                flushPartial();
            }
        } catch (InterruptedException stopped) {
            // finish() took over
        }
    }

    private synchronized void flushPartial() {
        long samples = sampler.samples();
        // A session past its duration in a JVM that goes on has nothing new: the partial on disk stands.
        if (finished || samples == flushedSamples) {
            return;
        }
        flushedSamples = samples;
        Profile p = sampler.snapshot();
        p.processes().get(0).partial = true;
        writeQuietly(p, partialFile(), ProfileFormat.JSON, false);
    }

    /** Writes and reports a failure in one line; {@code announce} also reports the write itself. Returns whether it wrote. */
    private boolean writeQuietly(Profile profile, File file, ProfileFormat format, boolean announce) {
        try {
            OutputWriter.write(profile, file, format, options);
            if (announce) {
                AgentLog.info("wrote " + file + " (" + profile.tree().totalSamples() + " samples, " + format.key() + ")");
            }
            return true;
        } catch (SafeFiles.RefusedException refused) {
            report(refused.getMessage());
        } catch (Throwable t) {
            report("could not write " + file + ": " + t);
        }
        return false;
    }

    /** One line per problem: a flush that fails the same way every period says so once. */
    private void report(String problem) {
        if (!problem.equals(lastProblem)) {
            AgentLog.error(problem);
        }
        lastProblem = problem;
    }
}

package dev.jflame.core.format;

import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;

/** Builds small profiles from {@code ;}-separated paths for format tests. */
final class TestProfiles {
    private TestProfiles() {
    }

    static Profile withProcess(long pid, String main) {
        Profile p = new Profile();
        ProcessInfo info = new ProcessInfo();
        info.pid = pid;
        info.mainClass = main;
        info.jdk = "17";
        info.startMillis = 1_000;
        info.endMillis = 2_000;
        info.intervalNanos = 10_000_000L;
        info.stats.recordTick(120_000, 5_000, 40_000);
        info.stats.recordTick(80_000, 1_000, -1);
        p.processes().add(info);
        return p;
    }

    static void add(Profile p, String path, SampleState state, long count) {
        p.tree().add(node(p, path), state, count);
    }

    /** Adds samples to the tree and the same ones to the timeline, one per tick from {@code fromMillis} to {@code toMillis}. */
    static void addTimed(Profile p, String path, SampleState state, long count, long fromMillis, long toMillis) {
        int node = node(p, path);
        p.tree().add(node, state, count);
        p.timeline().add(node, state, count, fromMillis, toMillis);
    }

    private static int node(Profile p, String path) {
        int node = CallTree.ROOT;
        for (String name : path.split(";")) {
            node = p.tree().child(node, p.frames().intern(name, kindOf(name)));
        }
        return node;
    }

    private static FrameKind kindOf(String name) {
        if (name.startsWith("[thread ")) {
            return FrameKind.THREAD;
        }
        if (name.startsWith("[pid ")) {
            return FrameKind.PROCESS;
        }
        if (name.startsWith("[truncated")) {
            return FrameKind.TRUNCATED;
        }
        if (name.startsWith("[")) {
            return FrameKind.STATE;
        }
        return FrameKind.ofJavaFrame(name, false);
    }
}

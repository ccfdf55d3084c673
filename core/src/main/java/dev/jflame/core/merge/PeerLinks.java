package dev.jflame.core.merge;

import dev.jflame.core.model.Endpoints;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.FrameTable;
import dev.jflame.core.model.ProcessInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names the process at the other end of each I/O wait of a merge: a {@code [waits on <endpoint>]} frame
 * of one process becomes {@code [waits for pid N <main class>]} when exactly one other process of the
 * merge (besides the waiter's own) listed the other end of that pipe or connection among its {@link ProcessInfo#endpoints}, or
 * when the endpoint is a pid the merge has. Where none or several did (a pipe to a program jflame does
 * not profile; a pipe several processes inherited), the frame stays as the waiting JVM saw it. Not
 * thread-safe; one per merge.
 */
final class PeerLinks {
    /** Endpoint → the pids that held it. */
    private final Map<String, java.util.Set<Long>> holders = new HashMap<>();
    private final Map<Long, ProcessInfo> byPid = new HashMap<>();

    PeerLinks(List<ProcessInfo> processes) {
        for (ProcessInfo p : processes) {
            byPid.put(p.pid, p);
            for (String e : p.endpoints) {
                holders.computeIfAbsent(e, k -> new java.util.TreeSet<>()).add(p.pid);
            }
        }
    }

    /** The new names of {@code frames}' waits-on frames that a process of this merge answers, by their old names. */
    Map<String, String> renames(FrameTable frames, long waiterPid) {
        Map<String, String> out = new HashMap<>();
        for (int f = 0; f < frames.size(); f++) {
            if (frames.kind(f) != FrameKind.PEER) {
                continue;
            }
            String name = frames.name(f);
            String endpoint = FrameNames.endpointOf(name);
            ProcessInfo peer = endpoint == null ? null : peerOf(endpoint, waiterPid);
            if (peer != null) {
                out.put(name, FrameNames.waitsForPid(peer.pid, peer.mainClass));
            }
        }
        return out;
    }

    private ProcessInfo peerOf(String endpoint, long waiterPid) {
        long pid = Endpoints.pidOf(endpoint);
        if (pid < 0) {
            String other = Endpoints.otherEnd(endpoint);
            java.util.Set<Long> held = other == null ? null : holders.get(other);
            if (held == null) {
                return null;
            }
            // The waiter itself may have held both ends for a moment: a parent between creating a child's
            // pipe and closing the child's end of it, when its inventory ran.
            for (long h : held) {
                if (h != waiterPid) {
                    if (pid >= 0) {
                        return null;
                    }
                    pid = h;
                }
            }
        }
        return pid >= 0 && pid != waiterPid ? byPid.get(pid) : null;
    }
}

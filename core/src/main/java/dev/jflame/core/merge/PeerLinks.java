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
 * merge listed the other end of that pipe or connection among its {@link ProcessInfo#endpoints}, or
 * when the endpoint is a pid the merge has. Where none or several did (a pipe to a program jflame does
 * not profile; a pipe several processes inherited), the frame stays as the waiting JVM saw it. Not
 * thread-safe; one per merge.
 */
final class PeerLinks {
    /** Endpoint → the pid that holds it; -1 where several do. */
    private final Map<String, Long> holders = new HashMap<>();
    private final Map<Long, ProcessInfo> byPid = new HashMap<>();

    PeerLinks(List<ProcessInfo> processes) {
        for (ProcessInfo p : processes) {
            byPid.put(p.pid, p);
            for (String e : p.endpoints) {
                holders.merge(e, p.pid, (a, b) -> a.equals(b) ? a : -1L);
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
            Long holder = other == null ? null : holders.get(other);
            pid = holder == null ? -1 : holder;
        }
        return pid >= 0 && pid != waiterPid ? byPid.get(pid) : null;
    }
}

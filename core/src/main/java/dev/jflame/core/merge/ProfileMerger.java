package dev.jflame.core.merge;

import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges profiles of several processes into one whose root frames name each process. Stateless and
 * thread-safe.
 *
 * <p>Inputs may be single-process profiles (a child's spool file) or merged ones (an earlier merge);
 * each process is kept once, by pid: when the same pid appears twice (a partial flush and a later
 * one), the copy that ends last wins. Processes of pid 0 (imported without one) are all kept. A wait
 * on a pipe or connection whose other end another process of the merge held names that process
 * ({@link PeerLinks}).
 */
public final class ProfileMerger {

    public Profile merge(List<Profile> inputs) {
        Map<Long, Part> byPid = new LinkedHashMap<>();
        long unknown = 0;
        for (Profile in : inputs) {
            for (Part part : split(in)) {
                // Pid 0 is a process whose pid no one recorded (folded stacks, some recordings): each is its own.
                long key = part.info.pid != 0 ? part.info.pid : --unknown;
                Part seen = byPid.get(key);
                if (seen == null || part.info.endMillis > seen.info.endMillis) {
                    byPid.put(key, part);
                }
            }
        }
        List<Part> parts = new ArrayList<>(byPid.values());
        // Parents before children, then by start: the order a reader expects the roots in.
        parts.sort(Comparator.comparingLong((Part p) -> p.info.parentPid == 0 ? 0 : 1)
                .thenComparingLong(p -> p.info.startMillis).thenComparingLong(p -> p.info.pid));
        Profile out = new Profile();
        List<ProcessInfo> infos = new ArrayList<>();
        for (Part p : parts) {
            infos.add(p.info);
        }
        PeerLinks peers = new PeerLinks(infos);
        if (parts.size() == 1) {
            Part only = parts.get(0);
            out.graft(only.profile, CallTree.ROOT, CallTree.ROOT, peers.renames(only.profile.frames(), only.info.pid));
            out.processes().add(only.info.copy());
            return out;
        }
        java.util.Set<String> roots = new java.util.HashSet<>();
        for (Part p : parts) {
            ProcessInfo info = p.info.copy();
            // Two processes without a pid and with one name (folded files of one name from two places)
            // must not share a root: the second is told apart by a number.
            for (int k = 2; !roots.add(info.rootFrameName()); k++) {
                info.mainClass = p.info.mainClass + " (" + k + ")";
            }
            int root = out.tree().child(CallTree.ROOT, out.frames().intern(info.rootFrameName(), FrameKind.PROCESS));
            out.graft(p.profile, CallTree.ROOT, root, peers.renames(p.profile.frames(), p.info.pid));
            out.processes().add(info);
        }
        return out;
    }

    /** One profile per process: a merged input is cut at its process roots. */
    private static List<Part> split(Profile in) {
        List<Part> parts = new ArrayList<>();
        if (!in.hasProcessRoots()) {
            if (!in.processes().isEmpty()) {
                parts.add(new Part(in.processes().get(0), in));
            }
            return parts;
        }
        Map<String, ProcessInfo> byRoot = in.processesByRootFrame();
        CallTree tree = in.tree();
        int[][] index = tree.childIndex();
        for (int c = index[0][CallTree.ROOT]; c < index[0][CallTree.ROOT + 1]; c++) {
            int node = index[1][c];
            ProcessInfo info = byRoot.get(in.frames().name(tree.frame(node)));
            if (info != null) {
                parts.add(new Part(info, subtree(in, node)));
            }
        }
        return parts;
    }

    /** The subtree below {@code top} as a profile of its own. */
    private static Profile subtree(Profile in, int top) {
        Profile sub = new Profile();
        sub.graft(in, top, CallTree.ROOT);
        return sub;
    }

    private static final class Part {
        final ProcessInfo info;
        final Profile profile;

        Part(ProcessInfo info, Profile profile) {
            this.info = info;
            this.profile = profile;
        }
    }
}

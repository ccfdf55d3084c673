package dev.jflame.core.format.jfr;

import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.FrameTable;
import java.util.IdentityHashMap;
import java.util.Map;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;

/**
 * The frames under a wait's state leaf that say whom it waited for ({@link FrameKind#LOCK} then
 * {@link FrameKind#OWNER}), as far as a JFR recording says. Not thread-safe; one per reading.
 *
 * <p>Only {@code jdk.JavaMonitorEnter} says it: {@code [lock <monitorClass>@<address in hex>]}, where
 * HotSpot's {@code address} is that of the monitor's structure in native memory, which the GC does
 * not move (a monitor nobody contended for a while may be freed and get a new one; async-profiler's
 * is the object's on the heap, which the GC moves, so there one monitor may read as several); then
 * {@code [held by <previousOwner>]}. HotSpot sets that owner when a thread exits the monitor, so it
 * is the thread that held the monitor last before the waiter got it: the one it waited for while one
 * thread kept the monitor; in a queue of waiters, the waiter before it. A recording that does not
 * name the owner (the event was enabled only after the owner took the monitor; async-profiler
 * never names it) gets no owner frame: a monitor a thread waited to enter had an owner, and
 * {@code [no owner]} would say it had none.
 *
 * <p>Parks get neither frame: {@code jdk.ThreadPark}'s {@code address} is the blocker's address on
 * the heap, which the GC moves (one {@code ReentrantLock} would read as several locks), and JFR does
 * not record who holds what a thread parked for ({@code [no owner]} would say a held lock had no owner).
 */
final class JfrWaitTargets {
    private final FrameTable frames;
    private final CallTree tree;
    /** JFR hands the same thread object to every event of a chunk that names it: its frame, found by identity. */
    private final Map<RecordedThread, Integer> owners = new IdentityHashMap<>();

    JfrWaitTargets(FrameTable frames, CallTree tree) {
        this.frames = frames;
        this.tree = tree;
    }

    /** The node under a {@code jdk.JavaMonitorEnter}'s leaf naming its monitor and previous owner; the leaf itself if the event names no monitor. */
    int underMonitorEnter(int leaf, RecordedEvent e) {
        RecordedClass monitorClass = e.hasField("monitorClass") ? e.getClass("monitorClass") : null;
        long address = e.hasField("address") ? e.getLong("address") : 0;
        if (monitorClass == null || monitorClass.getName() == null || address == 0) {
            return leaf;
        }
        int node = tree.child(leaf, frames.intern(FrameNames.lock(monitorClass.getName() + "@" + Long.toHexString(address)), FrameKind.LOCK));
        RecordedThread owner = e.hasField("previousOwner") ? e.getThread("previousOwner") : null;
        return owner == null ? node : tree.child(node, owner(owner));
    }

    private int owner(RecordedThread thread) {
        Integer known = owners.get(thread);
        if (known != null) {
            return known;
        }
        int frame = frames.intern(FrameNames.heldBy(JfrImport.threadName(thread)), FrameKind.OWNER);
        if (owners.size() >= JfrImport.MAX_CACHED) {
            owners.clear();
        }
        owners.put(thread, frame);
        return frame;
    }
}

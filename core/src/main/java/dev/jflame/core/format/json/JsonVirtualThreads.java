package dev.jflame.core.format.json;

import com.google.gson.stream.JsonWriter;
import dev.jflame.core.format.json.StrictJson.Corrupt;
import dev.jflame.core.model.VirtualThreadCounts;
import java.io.IOException;
import java.util.Arrays;

/**
 * A process's {@code virtualThreads} in the JSON profile ({@link VirtualThreadCounts}): an array of
 * groups, each {@code {"group": "client", "perPoint": 1, "atMillis": [...], "count": [...]}}, the points
 * as two columns of equal length, oldest first. Written only where a census ran. Stateless.
 */
final class JsonVirtualThreads {
    /** The most censuses one point may stand for: far more than a process could take in a year. */
    private static final long MAX_PER_POINT = 1L << 30;

    private JsonVirtualThreads() {
    }

    static void write(JsonWriter w, VirtualThreadCounts v) throws IOException {
        if (v.isEmpty()) {
            return;
        }
        w.name("virtualThreads").beginArray();
        for (VirtualThreadCounts.Series s : v.groups()) {
            w.beginObject();
            w.name("group").value(s.group);
            w.name("perPoint").value(s.perPoint());
            w.name("atMillis").beginArray();
            for (int i = 0; i < s.size(); i++) {
                w.value(s.atMillis(i));
            }
            w.endArray();
            w.name("count").beginArray();
            for (int i = 0; i < s.size(); i++) {
                w.value(s.count(i));
            }
            w.endArray();
            w.endObject();
        }
        w.endArray();
    }

    /** Checked as the rest of the profile is: bounds, types, times in order, counts not negative. */
    static VirtualThreadCounts read(StrictJson r) throws IOException {
        VirtualThreadCounts out = new VirtualThreadCounts();
        r.beginArray("virtualThreads");
        int groups = 0;
        while (r.hasNext()) {
            if (groups++ == VirtualThreadCounts.MAX_GROUPS) {
                throw new Corrupt("more than " + VirtualThreadCounts.MAX_GROUPS + " groups in virtualThreads");
            }
            group(r, out);
        }
        r.endArray();
        return out;
    }

    private static void group(StrictJson r, VirtualThreadCounts out) throws IOException {
        String group = null;
        long perPoint = -1;
        long[] at = null;
        long[] count = null;
        r.beginObject("a group of virtualThreads");
        while (r.hasNext()) {
            String name = r.nextName();
            switch (name) {
                case "group": group = r.string("virtualThreads.group"); break;
                case "perPoint": perPoint = r.count("virtualThreads.perPoint"); break;
                case "atMillis": at = column(r, "virtualThreads.atMillis"); break;
                case "count": count = column(r, "virtualThreads.count"); break;
                default: r.skipValue();
            }
        }
        r.endObject();
        StrictJson.require(group, "virtualThreads.group");
        StrictJson.require(at, "virtualThreads.atMillis");
        StrictJson.require(count, "virtualThreads.count");
        if (perPoint < 1 || perPoint > MAX_PER_POINT) {
            throw new Corrupt("virtualThreads.perPoint out of range: " + perPoint);
        }
        if (at.length != count.length) {
            throw new Corrupt("virtualThreads of group " + StrictJson.quote(group) + ": " + at.length + " times and " + count.length + " counts");
        }
        for (int i = 0; i < at.length; i++) {
            if (count[i] < 0) {
                throw new Corrupt("virtualThreads.count[" + i + "] is negative: " + count[i]);
            }
            if (i > 0 && at[i] < at[i - 1]) {
                throw new Corrupt("virtualThreads.atMillis out of order at " + i);
            }
        }
        for (VirtualThreadCounts.Series s : out.groups()) {
            if (s.group.equals(group)) {
                throw new Corrupt("virtualThreads names group " + StrictJson.quote(group) + " twice");
            }
        }
        out.put(group, at, count, (int) perPoint);
    }

    private static long[] column(StrictJson r, String what) throws IOException {
        long[] v = new long[16];
        int n = 0;
        r.beginArray(what);
        while (r.hasNext()) {
            if (n == VirtualThreadCounts.MAX_POINTS) {
                throw new Corrupt("more than " + VirtualThreadCounts.MAX_POINTS + " points in " + what);
            }
            if (n == v.length) {
                v = Arrays.copyOf(v, Math.min(VirtualThreadCounts.MAX_POINTS, n * 2));
            }
            v[n] = r.number(what, n);
            n++;
        }
        r.endArray();
        return Arrays.copyOf(v, n);
    }
}

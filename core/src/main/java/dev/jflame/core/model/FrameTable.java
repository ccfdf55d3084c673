package dev.jflame.core.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interned frame names with their kinds; a frame is identified by its index. Not thread-safe.
 *
 * <p>Names are unique across kinds: Java frames read {@code package.Class.method} and synthetic
 * frames are bracketed, so the name alone is the key.
 */
public final class FrameTable {
    private List<String> names = new ArrayList<>();
    private List<FrameKind> kinds = new ArrayList<>();
    private Map<String, Integer> index = new HashMap<>();

    /** Returns the id of the frame, adding it if new. */
    public int intern(String name, FrameKind kind) {
        Integer id = index.get(name);
        if (id != null) {
            return id;
        }
        int next = names.size();
        names.add(name);
        kinds.add(kind);
        index.put(name, next);
        return next;
    }

    /** The id of a frame already interned, or -1. */
    public int find(String name) {
        Integer id = index.get(name);
        return id == null ? -1 : id;
    }

    /** Forgets every frame, and lets go of the tables: ids held elsewhere are void. With {@link CallTree#clear()}. */
    public void clear() {
        names = new ArrayList<>();
        kinds = new ArrayList<>();
        index = new HashMap<>();
    }

    public String name(int id) {
        return names.get(id);
    }

    public FrameKind kind(int id) {
        return kinds.get(id);
    }

    public int size() {
        return names.size();
    }
}

package dev.jflame.core.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The profile formats jflame reads and writes: the one place that knows their names, file extensions,
 * roles, leading bytes and help text (the option parser, the CLI's help, the docs' table and every command
 * ask this type). Immutable.
 *
 * <p>A catalogue only: the code of each format lives in its own package below this one
 * ({@code format.json}, {@code format.jfr}, ...) and the HTML page in the flamegraph module, so the
 * pairing of a format with its reader and writers is made above both, in the agent's {@code Codecs}.
 */
public enum ProfileFormat {
    HTML("html", "flame graph pages", "interactive flame graph: one self-contained page (states, processes, search, zoom, sandwich)",
            Roles.WRITE | Roles.DIFF, new String[] {".html", ".htm"}, new String[0]),
    COLLAPSED("collapsed", "folded stacks", "folded stacks, `frame;frame;...;leaf count` (Brendan Gregg's; keeps state leaves and process roots, not thread frames or times)",
            Roles.READ | Roles.WRITE | Roles.DIFF, new String[] {".collapsed", ".folded", ".txt"}, new String[] {"folded", "txt"}),
    JSON("json", "jflame JSON profiles", "jflame's own: everything (processes, per-state counts, the sampler's statistics); the merge format",
            Roles.READ | Roles.WRITE, new String[] {".json"}, new String[0]),
    JFR("jfr", "JFR recordings", "a JDK Flight Recorder recording (JFR's own or async-profiler's): running samples, and waits turned into samples",
            Roles.READ, new String[] {".jfr"}, new String[0]) {
        @Override
        byte[] magic() {
            return new byte[] {'F', 'L', 'R', 0};
        }
    },
    PPROF("pprof", "pprof profiles", "pprof's profile.proto, gzipped: samples and wall time per stack, labels thread, state and process (go tool pprof, Pyroscope, Parca)",
            Roles.WRITE, new String[] {".pb.gz", ".pprof"}, new String[0]) {
        @Override
        byte[] magic() {
            // gzip's: a pprof file is a gzipped protobuf message, which has no magic of its own.
            return new byte[] {0x1f, (byte) 0x8b};
        }
    },
    SPEEDSCOPE("speedscope", "speedscope files", "speedscope's JSON: one sampled profile per thread of each process, weights in time (speedscope.app, offline too)",
            Roles.WRITE, new String[] {".speedscope.json"}, new String[0]);

    /**
     * The {@code $schema} every speedscope file names, by which a speedscope file is told from jflame's
     * JSON (both start with {@code {}). Speedscope's writer writes it; input detection looks for it.
     */
    public static final String SPEEDSCOPE_SCHEMA = "https://www.speedscope.app/file-format-schema.json";

    private final String key;
    private final String label;
    private final String help;
    private final int roles;
    private final String[] extensions;
    private final String[] aliases;

    ProfileFormat(String key, String label, String help, int roles, String[] extensions, String[] aliases) {
        this.key = key;
        this.label = label;
        this.help = help;
        this.roles = roles;
        this.extensions = extensions;
        this.aliases = aliases;
    }

    /** The name {@code format=} and {@code --format} take, e.g. {@code collapsed}. */
    public String key() {
        return key;
    }

    /** What files of this format are, in the plural, for messages: {@code JFR recordings}. */
    public String label() {
        return label;
    }

    /** The bytes every file of this format starts with, or null where the content is text. */
    byte[] magic() {
        return null;
    }

    /** What the format is and what of a profile it keeps, in a few words. */
    public String help() {
        return help;
    }

    /** The file extensions that select this format, the usual one first (e.g. {@code .collapsed}). */
    public List<String> extensions() {
        return List.of(extensions);
    }

    public boolean isWritten() {
        return (roles & Roles.WRITE) != 0;
    }

    public boolean isRead() {
        return (roles & Roles.READ) != 0;
    }

    public boolean isDiffWritten() {
        return (roles & Roles.DIFF) != 0;
    }

    /** The formats jflame writes, e.g. for {@code format=}'s help. */
    public static List<ProfileFormat> written() {
        return withRole(Roles.WRITE);
    }

    /** The formats jflame reads, recognised by content. */
    public static List<ProfileFormat> read() {
        return withRole(Roles.READ);
    }

    /** The formats {@code jflame diff} writes. */
    public static List<ProfileFormat> diffWritten() {
        return withRole(Roles.DIFF);
    }

    private static List<ProfileFormat> withRole(int role) {
        List<ProfileFormat> out = new ArrayList<>();
        for (ProfileFormat f : values()) {
            if ((f.roles & role) != 0) {
                out.add(f);
            }
        }
        return out;
    }

    /** The formats' keys in words: {@code html, collapsed or json}. */
    public static String keys(List<ProfileFormat> formats) {
        return join(keysOf(formats), " or ");
    }

    /** The formats' keys, in order. */
    public static List<String> keysOf(List<ProfileFormat> formats) {
        List<String> keys = new ArrayList<>();
        for (ProfileFormat f : formats) {
            keys.add(f.key);
        }
        return keys;
    }

    /** Each format's usual extension ({@code .html}), in order. */
    public static List<String> usualExtensions(List<ProfileFormat> formats) {
        List<String> exts = new ArrayList<>();
        for (ProfileFormat f : formats) {
            exts.add(f.extensions[0]);
        }
        return exts;
    }

    /** {@code a, b<last>c}: a list in words. */
    public static String join(List<String> words, String last) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            b.append(i == 0 ? "" : i == words.size() - 1 ? last : ", ").append(words.get(i));
        }
        return b.toString();
    }

    /**
     * The written format an option value names, e.g. {@code collapsed}.
     *
     * @throws IllegalArgumentException naming the valid values, for an unknown name or a format only read
     */
    public static ProfileFormat named(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        for (ProfileFormat f : values()) {
            if (f.key.equals(v) || List.of(f.aliases).contains(v)) {
                if (!f.isWritten()) {
                    throw new IllegalArgumentException("format '" + value + "' is read, not written: expected " + writtenNames());
                }
                return f;
            }
        }
        throw new IllegalArgumentException("bad format '" + value + "': expected " + writtenNames());
    }

    /** The format a file name's extension implies, or null if it says nothing. The longest match wins. */
    public static ProfileFormat forFile(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        ProfileFormat best = null;
        int bestLength = 0;
        for (ProfileFormat f : values()) {
            for (String ext : f.extensions) {
                if (p.endsWith(ext) && ext.length() > bestLength) {
                    best = f;
                    bestLength = ext.length();
                }
            }
        }
        return best;
    }

    /** {@code html, collapsed or json} — the written formats' names, for messages and help. */
    public static String writtenNames() {
        return keys(written());
    }

    /** {@code .html, .collapsed, .json} — each written format's usual extension, for help texts. */
    public static String writtenExtensions() {
        return String.join(", ", usualExtensions(written()));
    }

    /** The role bits; in a holder class because an enum's constants may not refer to its own static fields. */
    private static final class Roles {
        static final int READ = 1;
        static final int WRITE = 2;
        static final int DIFF = 4;
    }
}

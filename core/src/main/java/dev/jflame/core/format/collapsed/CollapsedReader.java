package dev.jflame.core.format.collapsed;

import dev.jflame.core.format.ProfileReader;
import dev.jflame.core.model.CallTree;
import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameNames;
import dev.jflame.core.model.FrameTable;
import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.model.Profile;
import dev.jflame.core.model.SampleState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads folded stacks ({@code frame;frame;...;leaf count}, root first): Brendan Gregg's, async-profiler's
 * and jflame's own, whose state leaves and {@code [pid …]} roots come back as states and processes, so
 * jflame's collapsed output reads back to the same lines. Stateless and thread-safe.
 *
 * <p>Frames are told apart by their shape, as the text carries no kinds: {@code [pid N main]} first is a
 * process root; a last frame naming a state ({@code [BLOCKED on X]}, {@code [PARKED]} …) is the state its
 * samples were in; {@code [thread …]} or async-profiler's {@code [name tid=N]} at the top is a thread;
 * other bracketed frames are markers; {@code package.Class.method} (async-profiler's
 * {@code java/lang/Thread.run} too) is a Java frame; the rest (C, C++, kernel) is native. async-profiler's
 * frame-type suffixes ({@code _[j]}, {@code _[i]}, {@code _[k]} …) are dropped, {@code _[k]} marking a
 * native frame. A Java method that is native reads back as a Java frame: the text cannot say.
 *
 * <p>Bounded: a line longer than {@link #MAX_LINE} characters is refused rather than buffered, and the
 * tree grows by at most one node per frame of input.
 */
public final class CollapsedReader implements ProfileReader {
    /** Longest line read: 4 Mi characters, some 20 000 frames of 200 characters. */
    static final int MAX_LINE = 1 << 22;

    @Override
    public Profile read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, baseName(file));
        }
    }

    /** Reads folded stacks from {@code in}; {@code name} stands for the process when no {@code [pid …]} roots say. */
    public Profile read(InputStream in, String name) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        Reader reader = new BufferedReader(new InputStreamReader(in, utf8), 1 << 16);
        Parse parse = new Parse();
        StringBuilder line = new StringBuilder();
        try {
            while (readLine(reader, line, parse.lineNumber + 1)) {
                parse.line(line);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException("not folded stacks: line " + (parse.lineNumber + 1) + " is not UTF-8 text");
        }
        if (parse.lines == 0) {
            throw new IOException("no folded stacks in the file (expected lines of frame;frame;...;leaf count)");
        }
        return parse.profile(name);
    }

    /** Reads one line into {@code into} (without its end); false at the end of input. */
    private static boolean readLine(Reader r, StringBuilder into, long number) throws IOException {
        into.setLength(0);
        int c = r.read();
        if (c < 0) {
            return false;
        }
        while (c >= 0 && c != '\n') {
            if (into.length() >= MAX_LINE) {
                throw new IOException("not folded stacks: line " + number + " is longer than " + MAX_LINE + " characters");
            }
            into.append((char) c);
            c = r.read();
        }
        int end = into.length();
        if (end > 0 && into.charAt(end - 1) == '\r') {
            into.setLength(end - 1);
        }
        return true;
    }

    private static String baseName(Path file) {
        String n = file.getFileName() == null ? "folded" : file.getFileName().toString();
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** One reading: the tree as lines arrive, and the processes its roots named. */
    private static final class Parse {
        final FrameTable frames = new FrameTable();
        final CallTree tree = new CallTree();
        final Map<String, ProcessInfo> processes = new LinkedHashMap<>();
        final List<String> parts = new ArrayList<>();
        long lineNumber;
        long lines;
        long total;

        void line(CharSequence text) throws IOException {
            lineNumber++;
            String s = text.toString().trim();
            if (s.isEmpty()) {
                return;
            }
            int space = s.lastIndexOf(' ');
            if (space <= 0) {
                throw bad("has no sample count after its stack");
            }
            long count = count(s.substring(space + 1));
            String stack = s.substring(0, space).trim();
            int before = stack.lastIndexOf(' ');
            if (before > 0 && isDigits(stack.substring(before + 1))) {
                throw bad("has two counts: a differential profile (stack base new) is written by jflame diff, not read");
            }
            lines++;
            try {
                total = Math.addExact(total, count);
            } catch (ArithmeticException e) {
                throw bad("makes the sample counts overflow");
            }
            add(stack, count);
        }

        private void add(String stack, long count) {
            split(stack);
            int node = CallTree.ROOT;
            SampleState state = SampleState.RUNNABLE;
            int n = parts.size();
            if (n == 1 && parts.get(0).equals(FrameNames.NO_FRAMES)) {
                tree.add(node, state, count);
                return;
            }
            // A wait's leaf may be followed by the frames naming its lock and holder (written on request).
            int leafAt = n - 1;
            while (leafAt > 0 && FrameNames.waitTargetKind(parts.get(leafAt)) != null) {
                leafAt--;
            }
            if (leafAt == n - 1 || FoldedFrames.stateOf(parts.get(leafAt)) == null) {
                leafAt = n - 1;
            }
            for (int i = 0; i < n; i++) {
                String frame = parts.get(i);
                FrameKind kind;
                ProcessInfo process = i == 0 ? ProcessInfo.ofRootFrame(frame) : null;
                if (process != null) {
                    kind = FrameKind.PROCESS;
                    processes.putIfAbsent(frame, process);
                } else if (i > leafAt) {
                    kind = FrameNames.waitTargetKind(frame);
                } else if (i == leafAt && FoldedFrames.stateOf(frame) != null) {
                    kind = FrameKind.STATE;
                    state = FoldedFrames.stateOf(frame);
                } else {
                    boolean top = i == 0 || (i == 1 && node != CallTree.ROOT && frames.kind(tree.frame(node)) == FrameKind.PROCESS);
                    String[] named = new String[] {frame};
                    kind = FoldedFrames.kindOf(named, top);
                    frame = named[0];
                }
                node = tree.child(node, frames.intern(frame, kind));
            }
            tree.add(node, state, count);
        }

        /** Splits at the separators into {@link #parts}, dropping empty frames (a doubled ';'). */
        private void split(String stack) {
            parts.clear();
            int from = 0;
            while (from <= stack.length()) {
                int semi = stack.indexOf(';', from);
                int to = semi < 0 ? stack.length() : semi;
                if (to > from) {
                    parts.add(stack.substring(from, to));
                }
                from = to + 1;
            }
        }

        /**
         * The profile, by jflame's rule that process roots stand only where there are several processes:
         * a file whose every line has one and the same root (one process's lines taken from a merged
         * output) loses it; lines without a root beside lines with one are a process of their own, named
         * after the file, rather than samples no process owns (merging would drop them).
         */
        Profile profile(String name) {
            Profile read = new Profile(frames, tree, new ArrayList<>(processes.values()));
            int[][] index = tree.childIndex();
            boolean rootless = tree.selfTotal(CallTree.ROOT) > 0;
            for (int c = index[0][CallTree.ROOT]; c < index[0][CallTree.ROOT + 1]; c++) {
                rootless |= frames.kind(tree.frame(index[1][c])) != FrameKind.PROCESS;
            }
            ProcessInfo file = new ProcessInfo();
            file.mainClass = name;
            Profile out;
            if (processes.isEmpty()) {
                out = new Profile(frames, tree, new ArrayList<>(List.of(file)));
            } else if (processes.size() == 1 && !rootless) {
                out = new Profile();
                out.graft(read, index[1][index[0][CallTree.ROOT]], CallTree.ROOT);
                out.processes().addAll(processes.values());
            } else if (!rootless) {
                out = read;
            } else {
                out = new Profile();
                int fileRoot = out.tree().child(CallTree.ROOT, out.frames().intern(file.rootFrameName(), FrameKind.PROCESS));
                for (int c = index[0][CallTree.ROOT]; c < index[0][CallTree.ROOT + 1]; c++) {
                    int node = index[1][c];
                    int f = tree.frame(node);
                    int parent = frames.kind(f) == FrameKind.PROCESS ? CallTree.ROOT : fileRoot;
                    out.graft(read, node, out.tree().child(parent, out.frames().intern(frames.name(f), frames.kind(f))));
                }
                for (SampleState s : SampleState.values()) {
                    long v = tree.self(CallTree.ROOT, s);
                    if (v > 0) {
                        out.tree().add(fileRoot, s, v);
                    }
                }
                out.processes().add(file);
                out.processes().addAll(processes.values());
            }
            for (ProcessInfo p : out.processes()) {
                p.engine = ProcessInfo.ENGINE_FOLDED;
            }
            return out;
        }

        private long count(String token) throws IOException {
            if (!isDigits(token)) {
                throw bad("ends in '" + shorten(token) + "', not a sample count");
            }
            try {
                return Long.parseLong(token);
            } catch (NumberFormatException e) {
                throw bad("has a sample count too large: " + shorten(token));
            }
        }

        private IOException bad(String what) {
            return new IOException("not folded stacks: line " + lineNumber + " " + what);
        }
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}

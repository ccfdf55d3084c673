package dev.jflame.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package map of docs/architecture.md, read from the sources' imports and qualified names: every
 * arrow runs down a layer or across one, never up, and no packages depend on each other in a ring.
 * A change that breaks it fails here with the arrow named, not in a reader's head later.
 */
class LayeringTest {
    /** The layers, bottom first; a package belongs to the first prefix it starts with. */
    private static final String[][] LAYERS = {
        {"dev.jflame.core.util", "dev.jflame.core.model"},
        {"dev.jflame.core.options", "dev.jflame.core.sampler", "dev.jflame.core.format", "dev.jflame.core.diff",
            "dev.jflame.core.merge", "dev.jflame.core.jfr"},
        {"dev.jflame.agent", "dev.jflame.flamegraph"},
    };
    private static final String[] MODULES = {"core", "flamegraph", "agent"};
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    /** A class of ours named in code: {@code dev.jflame.core.model.Profile} in an import or inline. */
    private static final Pattern OUR_CLASS = Pattern.compile("\\bdev\\.jflame\\.((?:[a-z]\\w*\\.)*[a-z]\\w*)\\.[A-Z]");

    @Test
    void noArrowRunsUpAndNoPackagesFormARing() throws IOException {
        Map<String, Set<String>> arrows = arrows(Paths.get(".."));
        assertTrue(arrows.keySet().size() > 15, "read the packages of every module: " + arrows.keySet());
        List<String> problems = new ArrayList<>(upwardArrows(arrows));
        for (List<String> ring : rings(arrows)) {
            problems.add("packages in a ring: " + ring);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void coreDoesNotNameThePagesModule() throws IOException {
        // Not even as a string a class is loaded by: core would then need the module above it at run time.
        // (Core does name the agent's package prefix, to tell jflame's own frames in a stack; that loads nothing.)
        List<String> named = new ArrayList<>();
        for (Path f : sources(Paths.get("..", "core"))) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            if (text.contains("dev.jflame.flamegraph")) {
                named.add(f.getFileName().toString());
            }
        }
        assertEquals(List.of(), named);
    }

    @Test
    void theCheckSeesAnUpwardArrowAndARing() {
        Map<String, Set<String>> arrows = new TreeMap<>();
        arrows.put("dev.jflame.core.model", new TreeSet<>(Set.of("dev.jflame.core.sampler")));
        arrows.put("dev.jflame.core.sampler", new TreeSet<>(Set.of("dev.jflame.core.options")));
        arrows.put("dev.jflame.core.options", new TreeSet<>(Set.of("dev.jflame.core.format")));
        arrows.put("dev.jflame.core.format", new TreeSet<>(Set.of("dev.jflame.core.sampler")));
        assertEquals(List.of("dev.jflame.core.model -> dev.jflame.core.sampler runs up (layer 0 to 1)"), upwardArrows(arrows));
        assertEquals(List.of(List.of("dev.jflame.core.format", "dev.jflame.core.options", "dev.jflame.core.sampler")), rings(arrows));
    }

    /** Each package of the main sources and the packages of ours it names. */
    static Map<String, Set<String>> arrows(Path root) throws IOException {
        Map<String, Set<String>> arrows = new TreeMap<>();
        for (String module : MODULES) {
            for (Path f : sources(root.resolve(module))) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                Matcher p = PACKAGE.matcher(text);
                assertTrue(p.find(), f + " has a package");
                String from = p.group(1);
                Set<String> to = arrows.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher m = OUR_CLASS.matcher(codeOnly(text));
                while (m.find()) {
                    String target = "dev.jflame." + m.group(1);
                    if (!target.equals(from)) {
                        to.add(target);
                    }
                }
            }
        }
        return arrows;
    }

    private static List<Path> sources(Path module) throws IOException {
        try (Stream<Path> s = Files.walk(module.resolve(Paths.get("src", "main", "java")))) {
            return s.filter(f -> f.toString().endsWith(".java")).sorted().collect(java.util.stream.Collectors.toList());
        }
    }

    /** The text without comments and string literals: a class named in a comment or a message is no arrow. */
    private static String codeOnly(String text) {
        return text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ").replaceAll("\"(?:\\\\.|[^\"\\\\\n])*\"", "\"\"");
    }

    static int layer(String pkg) {
        for (int i = 0; i < LAYERS.length; i++) {
            for (String prefix : LAYERS[i]) {
                if (pkg.equals(prefix) || pkg.startsWith(prefix + ".")) {
                    return i;
                }
            }
        }
        throw new AssertionError(pkg + " is in no layer: add it to LAYERS and to docs/architecture.md");
    }

    static List<String> upwardArrows(Map<String, Set<String>> arrows) {
        List<String> up = new ArrayList<>();
        arrows.forEach((from, targets) -> {
            for (String to : targets) {
                if (layer(to) > layer(from)) {
                    up.add(from + " -> " + to + " runs up (layer " + layer(from) + " to " + layer(to) + ")");
                }
            }
        });
        return up;
    }

    /** The strongly connected groups of more than one package (Tarjan's algorithm), each sorted. */
    static List<List<String>> rings(Map<String, Set<String>> arrows) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> rings = new ArrayList<>();
        for (String v : arrows.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, arrows, index, low, stack, onStack, rings);
            }
        }
        return rings;
    }

    private static void connect(String v, Map<String, Set<String>> arrows, Map<String, Integer> index, Map<String, Integer> low,
            Deque<String> stack, Set<String> onStack, List<List<String>> rings) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : arrows.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, arrows, index, low, stack, onStack, rings);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> group = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                group.add(w);
            } while (!w.equals(v));
            if (group.size() > 1) {
                group.sort(null);
                rings.add(group);
            }
        }
    }
}

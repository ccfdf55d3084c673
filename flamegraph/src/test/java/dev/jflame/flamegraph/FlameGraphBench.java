package dev.jflame.flamegraph;

import com.google.gson.JsonObject;
import dev.jflame.core.model.Profile;
import dev.jflame.core.testing.TestProfiles;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark, not a test: writes a 200 000-node profile as HTML and measures, in headless Chromium,
 * the time from navigation start to the page's first interactive frame ({@code window.jflameReady}),
 * then the time each toggle takes to recompute and redraw. Arguments: [nodes] [runs].
 */
public final class FlameGraphBench {
    private FlameGraphBench() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        long t0 = System.nanoTime();
        Profile profile = TestProfiles.synthetic(nodes, 20_000, 42);
        long t1 = System.nanoTime();
        // exec:java runs in Maven's JVM, whose working directory is the root when started with -pl.
        Path target = Files.isDirectory(Paths.get("flamegraph", "src")) ? Paths.get("flamegraph", "target") : Paths.get("target");
        Path dir = target.resolve("bench");
        Files.createDirectories(dir);
        Path page = dir.resolve("flamegraph-" + nodes + ".html").toAbsolutePath();
        List<Double> writeMs = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long w0 = System.nanoTime();
            try (OutputStream out = Files.newOutputStream(page)) {
                new HtmlWriter().write(profile, out);
            }
            writeMs.add((System.nanoTime() - w0) / 1e6);
        }
        System.out.printf(Locale.ROOT, "profile: %d nodes, %d frames, %d samples, timeline %d cells of %d ms with %d entries (generated in %.0f ms)%n",
                profile.tree().size(), profile.frames().size(), profile.tree().totalSamples(), profile.timeline().cellCount(),
                profile.timeline().cellMillis(), profile.timeline().entries(), (t1 - t0) / 1e6);
        System.out.printf(Locale.ROOT, "html: %d bytes (%.2f MB); HtmlWriter.write median %.0f ms over %d runs%n",
                Files.size(page), Files.size(page) / 1e6, median(writeMs), runs);

        String[] toggles = {
            "document.getElementById('reverse').click()",
            "document.getElementById('reverse').click()",
            "document.querySelector('#states button[data-state=B]').dispatchEvent(new MouseEvent('click', {altKey: true}))",
            "document.querySelector('#states button[data-state=B]').dispatchEvent(new MouseEvent('click', {altKey: true}))",
            "document.querySelector('#grouping button[data-v=thread]').click()",
            "document.querySelector('#grouping button[data-v=none]').click()",
            "(q => { q.value = 'method1[0-9]*$'; q.dispatchEvent(new Event('input')); })(document.getElementById('q'))",
            "document.getElementById('sandwich').click()",
            "document.getElementById('sandwich').click()",
            "jflame.selectRange(10000, 20000)",
            "jflame.selectRange(null)",
            "jflame.expandLane(777)",
        };
        String[] toggleNames = {"reverse on", "reverse off", "only BLOCKED", "all states", "group by thread", "group by none",
            "regex search", "sandwich open", "sandwich close",
            "time range 10-20 s", "whole profile", "threads' lanes"};
        List<Double> ready = new ArrayList<>();
        List<Double> parsed = new ArrayList<>();
        List<Double> built = new ArrayList<>();
        List<Double> drawn = new ArrayList<>();
        List<List<Double>> toggleMs = new ArrayList<>();
        for (int i = 0; i < toggles.length; i++) {
            toggleMs.add(new ArrayList<>());
        }
        try (Chromium chrome = Chromium.launch()) {
            chrome.viewport(1400, 900);
            for (int run = 0; run < runs; run++) {
                chrome.navigate("about:blank");
                chrome.navigate(page);
                chrome.waitFor("window.jflameReady");
                JsonObject t = chrome.eval("jflame.timing()").getAsJsonObject();
                ready.add(t.get("ready").getAsDouble());
                parsed.add(t.get("parsed").getAsDouble());
                built.add(t.get("built").getAsDouble());
                drawn.add(t.get("drawn").getAsDouble());
                for (int i = 0; i < toggles.length; i++) {
                    toggleMs.get(i).add(chrome.eval("new Promise(r => { const t = performance.now(); " + toggles[i]
                            + "; requestAnimationFrame(() => setTimeout(() => r(performance.now() - t), 0)); })").getAsDouble());
                }
                System.out.printf(Locale.ROOT, "run %d: first interactive frame %.0f ms after navigation start%n", run + 1, ready.get(run));
            }
            chrome.navigate("about:blank");
            chrome.navigate(page);
            chrome.waitFor("window.jflameReady");
            chrome.screenshot(target.resolve("screenshots").resolve("bench-" + nodes + ".png"));
        }
        System.out.printf(Locale.ROOT, "median over %d runs: data parsed %.0f ms, views built %.0f ms, drawn %.0f ms, "
                + "first interactive frame %.0f ms (min %.0f, max %.0f)%n", runs, median(parsed), median(built), median(drawn),
                median(ready), Collections.min(ready), Collections.max(ready));
        for (int i = 0; i < toggles.length; i++) {
            System.out.printf(Locale.ROOT, "  %-16s %6.0f ms (median, until the next frame is out)%n", toggleNames[i], median(toggleMs.get(i)));
        }
    }

    private static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}

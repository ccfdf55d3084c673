package dev.jflame.flamegraph;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A headless Chromium driven over the DevTools protocol with nothing but the JDK's HTTP client and
 * Gson: one browser, one page. Not thread-safe; use it from one test thread. Public, with its test
 * jar, for the agent's integration tests that open the pages the CLI writes.
 */
public final class Chromium implements AutoCloseable {
    static final Path BINARY = Paths.get("/usr/bin/chromium");
    static final int ALT = 1;
    static final int CTRL = 2;
    static final int SHIFT = 8;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path userDataDir;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    private final List<String> pageErrors = new CopyOnWriteArrayList<>();
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
    private final Object sending = new Object();

    private Chromium(Process process, Path userDataDir, WebSocket socket) {
        this.process = process;
        this.userDataDir = userDataDir;
        this.socket = socket;
    }

    /**
     * Starts the browser, or skips the calling test when it is not installed; on CI (CI=true) a
     * missing browser fails instead, so a broken image cannot pass by skipping everything.
     */
    public static Chromium launchOrSkip() throws Exception {
        if (!Files.isExecutable(BINARY)) {
            String msg = BINARY + " not found: install Debian's chromium package to run the browser tests";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(msg + " (CI=true, so this is a failure, not a skip)");
            }
            Assumptions.abort(msg);
        }
        return launch();
    }

    static Chromium launch() throws Exception {
        Path dir = Files.createTempDirectory("jflame-chromium-");
        ProcessBuilder pb = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + dir, "--remote-debugging-port=0", "about:blank");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile());
        Process p = pb.start();
        try {
            int port = readPort(p, dir.resolve("DevToolsActivePort"));
            HttpClient http = HttpClient.newHttpClient();
            String ws = pageSocketUrl(http, port);
            Chromium[] self = new Chromium[1];
            Listener listener = new Listener(self);
            WebSocket socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT)
                    .buildAsync(URI.create(ws), listener).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            self[0] = new Chromium(p, dir, socket);
            self[0].send("Page.enable", new JsonObject());
            self[0].send("Runtime.enable", new JsonObject());
            return self[0];
        } catch (Exception | Error e) {
            p.destroyForcibly();
            deleteTree(dir);
            throw e;
        }
    }

    private static int readPort(Process p, Path file) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                String text = Files.readString(file).trim();
                if (!text.isEmpty()) {
                    return Integer.parseInt(text.split("\\R")[0].trim());
                }
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("chromium exited with " + p.exitValue() + " before listening");
            }
            Thread.sleep(25);
        }
        throw new IllegalStateException("chromium did not write " + file + " in " + TIMEOUT);
    }

    private static String pageSocketUrl(HttpClient http, int port) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json")).timeout(TIMEOUT).build();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonArray targets = JsonParser.parseString(http.send(req, HttpResponse.BodyHandlers.ofString()).body()).getAsJsonArray();
            for (JsonElement t : targets) {
                JsonObject o = t.getAsJsonObject();
                if ("page".equals(o.get("type").getAsString()) && o.has("webSocketDebuggerUrl")) {
                    return o.get("webSocketDebuggerUrl").getAsString();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no page target in " + targets);
            }
            Thread.sleep(50);
        }
    }

    /** Sends one command and waits for its result; a protocol error becomes an exception. */
    JsonObject send(String method, JsonObject params) {
        int id = ids.incrementAndGet();
        JsonObject msg = new JsonObject();
        msg.addProperty("id", id);
        msg.addProperty("method", method);
        msg.add("params", params);
        CompletableFuture<JsonObject> reply = new CompletableFuture<>();
        pending.put(id, reply);
        sendText(msg);
        JsonObject r;
        try {
            r = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(method + " got no reply", e);
        } finally {
            pending.remove(id);
        }
        if (r.has("error")) {
            throw new IllegalStateException(method + ": " + r.get("error"));
        }
        return r.getAsJsonObject("result");
    }

    /**
     * Sends one message without waiting for its reply. The socket takes one send at a time, and the
     * listener sends too (dismissing dialogs) while the test thread may be sending.
     */
    private void sendText(JsonObject msg) {
        synchronized (sending) {
            socket.sendText(msg.toString(), true).join();
        }
    }

    /** Loads {@code url} and waits for its load event. */
    public void navigate(String url) throws InterruptedException {
        events.clear();
        JsonObject p = new JsonObject();
        p.addProperty("url", url);
        send("Page.navigate", p);
        awaitEvent("Page.loadEventFired");
    }

    public void navigate(Path file) throws InterruptedException {
        navigate(file.toUri().toString());
    }

    JsonObject awaitEvent(String method) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonObject e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new IllegalStateException("no " + method + " within " + TIMEOUT);
            }
            if (method.equals(e.get("method").getAsString())) {
                return e;
            }
        }
    }

    /** Evaluates a JavaScript expression (promises awaited) and returns its value as JSON. */
    public JsonElement eval(String expression) {
        JsonObject p = new JsonObject();
        p.addProperty("expression", expression);
        p.addProperty("returnByValue", true);
        p.addProperty("awaitPromise", true);
        JsonObject r = send("Runtime.evaluate", p);
        if (r.has("exceptionDetails")) {
            throw new AssertionError("JS failed: " + expression + "\n" + r.get("exceptionDetails"));
        }
        JsonObject v = r.getAsJsonObject("result");
        return v.has("value") ? v.get("value") : JsonNull.INSTANCE;
    }

    /** Polls {@code condition} until it is true. */
    public void waitFor(String condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!eval("!!(" + condition + ")").getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + condition);
            }
            Thread.sleep(20);
        }
    }

    /** Lets pending animation frames run, so the page's state reflects the last input. */
    public void settle() {
        eval("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
    }

    public void viewport(int width, int height) {
        JsonObject p = new JsonObject();
        p.addProperty("width", width);
        p.addProperty("height", height);
        p.addProperty("deviceScaleFactor", 1);
        p.addProperty("mobile", false);
        send("Emulation.setDeviceMetricsOverride", p);
    }

    void mouseMove(double x, double y) {
        mouse("mouseMoved", x, y, 0, "none", 0);
    }

    void click(double x, double y) {
        click(x, y, 0);
    }

    /** A left click with modifiers ({@link #ALT}, {@link #CTRL}, {@link #SHIFT}, summed). */
    void click(double x, double y, int modifiers) {
        mouse("mouseMoved", x, y, modifiers, "none", 0);
        mouse("mousePressed", x, y, modifiers, "left", 1);
        mouse("mouseReleased", x, y, modifiers, "left", 1);
    }

    /** Presses the left button at (x0, y0), moves with it held to (x1, y1) in a few steps, and releases it there. */
    void drag(double x0, double y0, double x1, double y1) {
        mouse("mouseMoved", x0, y0, 0, "none", 0);
        mouse("mousePressed", x0, y0, 0, "left", 1);
        for (int i = 1; i <= 4; i++) {
            mouse("mouseMoved", x0 + (x1 - x0) * i / 4, y0 + (y1 - y0) * i / 4, 0, "left", 0);
        }
        mouse("mouseReleased", x1, y1, 0, "left", 1);
    }

    /** Moves the pointer to (x, y), as a user hovering there. */
    public void hover(double x, double y) {
        mouse("mouseMoved", x, y, 0, "none", 0);
    }

    /** Emulates the system's colour scheme ({@code dark} or {@code light}) for the pages from now on. */
    public void colourScheme(String scheme) {
        JsonObject feature = new JsonObject();
        feature.addProperty("name", "prefers-color-scheme");
        feature.addProperty("value", scheme);
        com.google.gson.JsonArray features = new com.google.gson.JsonArray();
        features.add(feature);
        JsonObject p = new JsonObject();
        p.add("features", features);
        send("Emulation.setEmulatedMedia", p);
    }

    private void mouse(String type, double x, double y, int modifiers, String button, int clicks) {
        JsonObject p = new JsonObject();
        p.addProperty("type", type);
        p.addProperty("x", x);
        p.addProperty("y", y);
        p.addProperty("modifiers", modifiers);
        p.addProperty("button", button);
        p.addProperty("clickCount", clicks);
        send("Input.dispatchMouseEvent", p);
    }

    /** Clicks the centre of the first element matching a CSS selector. */
    void clickElement(String selector, int modifiers) {
        JsonObject r = eval("(() => { const e = document.querySelector(" + jsString(selector) + ");"
                + " e.scrollIntoView({block: 'nearest'}); const b = e.getBoundingClientRect();"
                + " return {x: b.left + b.width / 2, y: b.top + b.height / 2}; })()").getAsJsonObject();
        click(r.get("x").getAsDouble(), r.get("y").getAsDouble(), modifiers);
    }

    /** Presses and releases a key that types no text (Escape, Enter, or with Ctrl held). */
    void key(String key, String code, int keyCode, int modifiers) {
        keyEvent("rawKeyDown", key, code, keyCode, modifiers, null);
        keyEvent("keyUp", key, code, keyCode, modifiers, null);
    }

    /** Types text one character at a time, as key presses into the focused element. */
    void type(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            i += Character.charCount(cp);
            keyEvent("keyDown", ch, "", 0, 0, ch);
            keyEvent("keyUp", ch, "", 0, 0, null);
        }
    }

    private void keyEvent(String type, String key, String code, int keyCode, int modifiers, String text) {
        JsonObject p = new JsonObject();
        p.addProperty("type", type);
        p.addProperty("key", key);
        p.addProperty("code", code);
        p.addProperty("modifiers", modifiers);
        if (keyCode != 0) {
            p.addProperty("windowsVirtualKeyCode", keyCode);
            p.addProperty("nativeVirtualKeyCode", keyCode);
        }
        if (text != null) {
            p.addProperty("text", text);
            p.addProperty("unmodifiedText", text);
        }
        send("Input.dispatchKeyEvent", p);
    }

    /** Saves a PNG of the viewport. */
    public void screenshot(Path png) throws IOException {
        JsonObject p = new JsonObject();
        p.addProperty("format", "png");
        String data = send("Page.captureScreenshot", p).get("data").getAsString();
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(data));
    }

    /** Uncaught exceptions the pages threw since the last call; clears the list. */
    public List<String> takePageErrors() {
        List<String> copy = List.copyOf(pageErrors);
        pageErrors.clear();
        return copy;
    }

    /** What the pages logged with {@code console.error} since the last call; clears the list. */
    List<String> takeConsoleErrors() {
        List<String> copy = List.copyOf(consoleErrors);
        consoleErrors.clear();
        return copy;
    }

    public static String jsString(String s) {
        return new com.google.gson.JsonPrimitive(s).toString();
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the browser is killed below either way
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Chromium's helper processes can hold files for a moment after the main one exits.
        for (int attempt = 0; attempt < 10 && Files.exists(userDataDir); attempt++) {
            deleteTree(userDataDir);
            if (Files.exists(userDataDir)) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // retried by close()
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // retried by close()
        }
    }

    /** Reassembles fragmented messages and routes replies to their commands, events to the queue. */
    private static final class Listener implements WebSocket.Listener {
        private final Chromium[] owner;
        private final StringBuilder buf = new StringBuilder();

        Listener(Chromium[] owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buf.append(data);
            if (last) {
                JsonObject msg = JsonParser.parseString(buf.toString()).getAsJsonObject();
                buf.setLength(0);
                Chromium c = owner[0];
                if (c != null) {
                    if (msg.has("id")) {
                        CompletableFuture<JsonObject> f = c.pending.get(msg.get("id").getAsInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    } else {
                        String method = msg.get("method").getAsString();
                        JsonObject params = msg.getAsJsonObject("params");
                        if ("Runtime.exceptionThrown".equals(method)) {
                            c.pageErrors.add(params.get("exceptionDetails").toString());
                        } else if ("Runtime.consoleAPICalled".equals(method) && "error".equals(params.get("type").getAsString())) {
                            c.consoleErrors.add(params.get("args").toString());
                        } else if ("Page.javascriptDialogOpening".equals(method)) {
                            // A page that reports trouble with alert() would otherwise hang until the
                            // dialog is answered; the message counts as a page error.
                            c.pageErrors.add(params.get("type").getAsString() + " dialog: " + params.get("message").getAsString());
                            JsonObject answer = new JsonObject();
                            answer.addProperty("id", c.ids.incrementAndGet());
                            answer.addProperty("method", "Page.handleJavaScriptDialog");
                            JsonObject accept = new JsonObject();
                            accept.addProperty("accept", true);
                            answer.add("params", accept);
                            c.sendText(answer);
                        }
                        c.events.add(msg);
                    }
                }
            }
            ws.request(1);
            return null;
        }
    }
}

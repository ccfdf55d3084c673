package dev.jflame.agent.push;

import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.options.Options;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who this JVM is in the store: the service's name ({@code app}, default the main class or jar — in a
 * followed JVM, the root's) and the labels of its series: the user's, then {@code role} (this JVM's own
 * main class), {@code pid}, and {@code root_pid} (the JVM the tree started from; its own pid in the root),
 * so that a pool is one query and each of its JVMs one series. Nothing per thread or per lock is a
 * series label: those are sample labels, in the body. Immutable.
 */
final class PushIdentity {
    final String app;
    /** Series labels, in order: the user's first. */
    final Map<String, String> labels;
    final ProcessInfo process;

    private PushIdentity(String app, Map<String, String> labels, ProcessInfo process) {
        this.app = app;
        this.labels = labels;
        this.process = process;
    }

    static PushIdentity of(Options options, ProcessInfo self) {
        String app = options.app().isEmpty() ? self.mainClass : options.app();
        Map<String, String> labels = new LinkedHashMap<>(options.labels());
        labels.put("role", self.mainClass);
        labels.put("pid", Long.toString(self.pid));
        labels.put("root_pid", options.pushRoot().isEmpty() ? Long.toString(self.pid) : options.pushRoot());
        return new PushIdentity(app, java.util.Collections.unmodifiableMap(labels), self);
    }
}

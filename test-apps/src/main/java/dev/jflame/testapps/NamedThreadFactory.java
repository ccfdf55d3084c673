package dev.jflame.testapps;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names threads {@code <prefix>0}, {@code <prefix>1}, ... so tests can find them. Thread-safe. */
final class NamedThreadFactory implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger next = new AtomicInteger();

    NamedThreadFactory(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable body) {
        return new Thread(body, prefix + next.getAndIncrement());
    }
}

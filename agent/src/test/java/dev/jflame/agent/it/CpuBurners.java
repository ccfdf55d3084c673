package dev.jflame.agent.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Other processes keeping the cores busy, as on a loaded production box: {@code n} shell loops
 * that never sleep. Closing kills them (and waits, so the next test starts without them).
 */
final class CpuBurners implements AutoCloseable {
    private final List<Process> burners = new ArrayList<>();

    private CpuBurners() {
    }

    static CpuBurners start(int n) throws IOException {
        CpuBurners b = new CpuBurners();
        try {
            for (int i = 0; i < n; i++) {
                b.burners.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
            }
        } catch (IOException e) {
            b.close();
            throw e;
        }
        return b;
    }

    @Override
    public void close() {
        for (Process p : burners) {
            p.destroyForcibly();
        }
        for (Process p : burners) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

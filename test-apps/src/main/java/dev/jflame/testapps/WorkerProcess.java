package dev.jflame.testapps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link PoolWorker} JVM as seen from {@link PoolMaster}: how it was launched, and its stdin/stdout
 * protocol. {@link #awaitStarted} and {@link #submit} are for one feeder thread at a time; {@link #quit} and {@link #kill} may be
 * called from other threads once that feeder is done or to make it fail.
 *
 * <p>The three launch modes cover the JDK's process-start paths a profiler must follow into children:
 * {@code pb} ({@link ProcessBuilder#start()}), {@code exec} ({@link Runtime#exec(String[])}) and
 * {@code sh} (a shell that {@code exec}s java, so the {@code -javaagent} cannot be added to the command
 * line and has to travel in the environment). The environment is always inherited, never replaced,
 * and we add no agent options ourselves: that is the profiler's job.
 */
final class WorkerProcess {

    private final int index;
    private final String kind;
    private final String mode;
    private final Process process;
    private final Writer toWorker;
    private final BufferedReader fromWorker;
    private volatile int tasksDone;

    private WorkerProcess(int index, String kind, String mode, Process process) {
        this.index = index;
        this.kind = kind;
        this.mode = mode;
        this.process = process;
        this.toWorker = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        this.fromWorker = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    }

    /**
     * Starts worker {@code index}.
     *
     * @param mode   {@code pb}, {@code exec} or {@code sh}
     * @param linger the worker's {@code --linger} value, in seconds as the user wrote it
     */
    static WorkerProcess launch(int index, String kind, String mode, String linger) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + "/bin/java");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PoolWorker.class.getName());
        command.add("--kind");
        command.add(kind);
        command.add("--linger");
        command.add(linger);

        Process process;
        switch (mode) {
            case "pb":
                process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                break;
            case "exec":
                // Runtime.exec cannot redirect, so stderr is copied by hand; null envp inherits our environment.
                process = Runtime.getRuntime().exec(command.toArray(new String[0]));
                pump(process.getErrorStream(), "stderr-pump-" + index);
                break;
            case "sh":
                process = new ProcessBuilder("sh", "-c", "exec " + shellWords(command))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                break;
            default:
                throw new IllegalArgumentException("unknown launch mode " + mode);
        }
        return new WorkerProcess(index, kind, mode, process);
    }

    private static String shellWords(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append('\'').append(word.replace("'", "'\\''")).append('\'');
        }
        return line.toString();
    }

    private static void pump(InputStream from, String threadName) {
        Thread pump = new Thread(new StderrPump(from), threadName);
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Sends an empty task and blocks until the worker answers it: the worker's JVM is up and reading
     * tasks. Not counted in {@link #tasksDone}.
     *
     * @return false if the worker died or answered nonsense
     */
    boolean awaitStarted() {
        return exchange(0);
    }

    /**
     * Sends one task and blocks until the worker reports it done.
     *
     * @return false if the worker died or answered nonsense; the task is then not done
     */
    boolean submit(int millis) {
        if (!exchange(millis)) {
            return false;
        }
        tasksDone++;
        return true;
    }

    /** Tasks this worker has reported done (written by its feeder only, read by any thread). */
    int tasksDone() {
        return tasksDone;
    }

    private boolean exchange(int millis) {
        try {
            toWorker.write(millis + "\n");
            toWorker.flush();
            String answer = fromWorker.readLine();
            if (answer != null && answer.startsWith("done ")) {
                return true;
            }
            if (answer != null) {
                System.err.println("PoolMaster: worker " + index + " answered '" + answer + "'");
            }
        } catch (IOException e) {
            // Broken pipe or closed stream: the worker has died, which the caller handles.
        }
        return false;
    }

    /** Asks the worker to finish (after its linger time); harmless if it is already gone. */
    void quit() {
        try {
            toWorker.write("quit\n");
            toWorker.close();
        } catch (IOException e) {
            // Already dead, e.g. killed on purpose.
        }
    }

    /** SIGKILLs the worker. */
    void kill() {
        process.destroyForcibly();
    }

    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    long pid() {
        return process.pid();
    }

    int index() {
        return index;
    }

    String kind() {
        return kind;
    }

    String mode() {
        return mode;
    }

    /** Copies a worker's stderr to ours, for workers started by {@code Runtime.exec}. */
    private static final class StderrPump implements Runnable {
        private final InputStream from;

        StderrPump(InputStream from) {
            this.from = from;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try (InputStream in = from) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    System.err.write(buffer, 0, n);
                    System.err.flush();
                }
            } catch (IOException e) {
                // The worker is gone; nothing left to copy.
            }
        }
    }
}

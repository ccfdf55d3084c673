package dev.jflame.agent.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** {@code jflame list}: the JVMs of this user with their JDK and whether jflame runs in them. */
final class ListCommand implements Command {
    /** How long list waits for all JVMs together; a JVM that has not answered by then shows {@code ?}. */
    private static final long WAIT_MILLIS = 3_000;

    @Override
    public String name() {
        return "list";
    }

    @Override
    public String summary() {
        return "list the JVMs of this user: pid, JDK, jflame status, main class or jar";
    }

    @Override
    public String usage() {
        return "jflame list\n"
                + "Lists the JVMs the Attach API sees (this user's). JDK and jflame status come from each JVM's\n"
                + "system properties, read in parallel; a JVM that cannot be attached or does not answer within\n"
                + "3s shows '?'. No agent is loaded into any JVM.\n"
                + "Example: jflame list";
    }

    @Override
    public int run(CommandLine line) throws InterruptedException {
        Targets.allowOnly(this, line);
        if (!line.positional().isEmpty()) {
            throw CliException.usage("list takes no arguments");
        }
        List<TargetJvm> jvms = JvmDirectory.list();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(16, jvms.size())), r -> {
            Thread t = new Thread(r, "jflame-list");
            t.setDaemon(true); // a hung attach must not keep the CLI alive
            return t;
        });
        List<Future<String[]>> answers = new ArrayList<>();
        for (TargetJvm j : jvms) {
            answers.add(pool.submit(() -> probe(j)));
        }
        pool.shutdown();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        System.out.println(String.format("%-8s %-10s %-8s %s", "PID", "JDK", "JFLAME", "MAIN"));
        for (int i = 0; i < jvms.size(); i++) {
            String[] cells = {"?", "?"};
            try {
                cells = answers.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // Not attachable (another user, -XX:+DisableAttachMechanism, hung): '?' says so.
            }
            TargetJvm j = jvms.get(i);
            System.out.println(String.format("%-8d %-10s %-8s %s", j.pid, cells[0], cells[1],
                    j.displayName.isEmpty() ? "?" : j.displayName));
        }
        return 0;
    }

    private static String[] probe(TargetJvm j) {
        try (AgentClient agent = AgentClient.attach(j)) {
            return new String[] {agent.javaVersion(), StatusText.word(agent.status())};
        }
    }
}

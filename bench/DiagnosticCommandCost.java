import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What one diagnostic command costs a JVM that has not given one before, by the two ways jflame can give it
 * (dev.jflame.core.sampler.DiagnosticCommands): through the platform MBean server's {@code DiagnosticCommand}
 * bean, which creates that server, or straight through the JDK's {@code DiagnosticCommandImpl} once its
 * package is open (the agent opens it with {@code Instrumentation.redefineModule}; here
 * {@code --add-opens}). Each round runs both in fresh JVMs, alternating; reported are the medians of the
 * CPU time of the thread that gave the command ({@code Compiler.directives_print}, which changes nothing).
 * Run from the repository root: {@code java bench/DiagnosticCommandCost.java [--rounds 10] [--java /path/to/java]}.
 */
public final class DiagnosticCommandCost {
    private static final String PACKAGE_OPEN = "jdk.management/com.sun.management.internal=ALL-UNNAMED";

    public static void main(String[] argv) throws Exception {
        if (argv.length == 1 && (argv[0].equals("mbean") || argv[0].equals("direct"))) {
            System.out.println(once(argv[0].equals("direct")));
            return;
        }
        int rounds = 10;
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (argv[i].equals("--rounds")) {
                rounds = Integer.parseInt(argv[i + 1]);
            } else if (argv[i].equals("--java")) {
                java = argv[i + 1];
            } else {
                throw new IllegalArgumentException("unknown option " + argv[i]);
            }
        }
        String source = Paths.get("bench/DiagnosticCommandCost.java").toAbsolutePath().toString();
        List<Double> mbean = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            mbean.add(child(List.of(java, source, "mbean")));
            direct.add(child(List.of(java, "--add-opens", PACKAGE_OPEN, source, "direct")));
        }
        System.out.printf(Locale.ROOT, "%s, %d rounds: MBean server %.1f ms of CPU (median; %.1f-%.1f), direct %.1f ms (%.1f-%.1f)%n",
                java, rounds, median(mbean), Collections.min(mbean), Collections.max(mbean), median(direct),
                Collections.min(direct), Collections.max(direct));
    }

    /** Gives the command once in this JVM; the CPU it took this thread, in ms. */
    static double once(boolean direct) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        Object out;
        if (direct) {
            Class<?> impl = Class.forName("com.sun.management.internal.DiagnosticCommandImpl");
            Method get = impl.getDeclaredMethod("getDiagnosticCommandMBean");
            get.setAccessible(true);
            Method execute = impl.getDeclaredMethod("executeDiagnosticCommand", String.class);
            execute.setAccessible(true);
            out = execute.invoke(get.invoke(null), "Compiler.directives_print");
        } else {
            out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        }
        double ms = (threads.getCurrentThreadCpuTime() - start) / 1e6;
        if (!String.valueOf(out).contains("Directive")) {
            throw new IllegalStateException("the command did not run: " + out);
        }
        return ms;
    }

    static double child(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(cmd + " failed: " + out);
        }
        return Double.parseDouble(out);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}

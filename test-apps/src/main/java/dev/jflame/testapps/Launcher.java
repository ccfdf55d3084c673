package dev.jflame.testapps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Starts one child process and reports exactly what it printed and how it exited, so tests can
 * check that the profiler leaves non-Java children, and the output of Java children, untouched.
 *
 * <p>Options: {@code --shell "echo out; exit 7"} runs {@code sh -c} with that script; {@code --java
 * true} instead runs {@code ExitWith --code 4 --millis 1000} directly with this JVM's java (a second
 * of work: a child agent started on a busy machine still samples some of it).
 * Prints {@code child stdout=[...]}, {@code child stderr=[...]}, {@code child exit=N}.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse("Launcher", argv, "shell", "echo out-line; echo err-line >&2; exit 7", "java", "false");
        ProcessBuilder pb;
        if (args.bool("java")) {
            pb = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp",
                    System.getProperty("java.class.path"), "dev.jflame.testapps.ExitWith", "--code", "4", "--millis", "1000");
        } else {
            pb = new ProcessBuilder("sh", "-c", args.string("shell"));
        }
        Process p = pb.start();
        p.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> copy(p.getErrorStream(), err), "stderr-pump");
        pump.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        pump.join();
        int code = p.waitFor();
        System.out.println("child stdout=[" + out + "]");
        System.out.println("child stderr=[" + err.toString(StandardCharsets.UTF_8) + "]");
        System.out.println("child exit=" + code);
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.jflame.agent.children;

import dev.jflame.core.options.Options;
import java.util.Map;

/**
 * Decides how a process about to start is made to carry the agent. Thread-safe (immutable).
 *
 * <ul>
 *   <li>A {@code java} launcher gets {@code -javaagent:<jar>=<options>} right after the executable,
 *       after the flags of {@link LaunchFlags};
 *       its arguments are otherwise untouched, and so are its stdout and stderr.
 *   <li>Any other command (a shell, a script) runs unchanged but with {@code JAVA_TOOL_OPTIONS}
 *       carrying the agent, so that a JVM it starts is followed too. Such a JVM prints the JDK's
 *       "Picked up JAVA_TOOL_OPTIONS" line on its stderr. The options go encoded when they hold a
 *       space or a quote ({@link ToolOptions}); nothing is done when the jar's path holds one.
 *   <li>A {@code java} launcher of a Java 8 or older JDK is left alone: the agent needs Java 11.
 *   <li>Nothing is done if the command line or the inherited {@code JAVA_TOOL_OPTIONS} already
 *       names jflame, so no JVM gets the agent twice.
 * </ul>
 */
public final class ChildCommandRewriter {
    static final String TOOL_OPTIONS = ToolOptions.NAME;
    /** The rewriter in force, or null when child JVMs are not followed. */
    private static volatile ChildCommandRewriter active;

    /** What a {@code java} launcher gets right after the executable ({@link LaunchFlags}). */
    private final String[] javaArguments;
    /** The same for {@code JAVA_TOOL_OPTIONS}, or null when the jar's path cannot go there. */
    private final String toolArgument;
    private final String jarFileName;

    /** @param jarPath absolute path of jflame.jar; @param childOptions the agent string for children */
    public ChildCommandRewriter(String jarPath, String childOptions) {
        boolean nonSafepoints = Options.parse(childOptions).nonSafepoints();
        this.javaArguments = LaunchFlags.javaArguments("-javaagent:" + jarPath + "=" + childOptions, nonSafepoints).toArray(new String[0]);
        String tool = ToolOptions.agentArgument(jarPath, childOptions);
        this.toolArgument = tool == null ? null : LaunchFlags.toolOptions(tool, nonSafepoints);
        this.jarFileName = new java.io.File(jarPath).getName();
    }

    static void activate(ChildCommandRewriter rewriter) {
        active = rewriter;
    }

    /**
     * Called from the advice woven into {@code ProcessBuilder.start}: returns {@code {command,
     * environment}} to start instead, or null to start the process as asked.
     */
    public static Object[] rewrite(String[] command, Map<String, String> environment) {
        ChildCommandRewriter r = active;
        return r == null ? null : r.apply(command, environment);
    }

    Object[] apply(String[] command, Map<String, String> environment) {
        if (command == null || command.length == 0 || command[0] == null) {
            return null;
        }
        String inheritedTools = environment != null ? environment.get(TOOL_OPTIONS) : System.getenv(TOOL_OPTIONS);
        String rootEntry = rootAgentEntry(inheritedTools);
        if (rootEntry == null && namesJflame(inheritedTools)) {
            // A child's entry (with a spool): the process is followed already.
            return null;
        }
        if (rootEntry != null) {
            // The user put a root agent (file=...) in JAVA_TOOL_OPTIONS: left there, every JVM below
            // would be a root writing the user's file. It goes; the child's agent takes its place.
            environment = copyOf(environment);
            StringBuilder kept = new StringBuilder();
            for (String word : inheritedTools.trim().split("\\s+")) {
                if (!word.equals(rootEntry)) {
                    kept.append(kept.length() == 0 ? "" : " ").append(word);
                }
            }
            String rest = kept.toString();
            if (rest.isEmpty()) {
                environment.remove(TOOL_OPTIONS);
            } else {
                environment.put(TOOL_OPTIONS, rest);
            }
            inheritedTools = environment.get(TOOL_OPTIONS);
        }
        // Where the child gets no agent from us, it still must not inherit the root's.
        Object[] unprofiled = rootEntry == null ? null : new Object[] {command, environment};
        if (isJavaLauncher(command[0])) {
            for (String arg : command) {
                if (arg != null && arg.startsWith("-javaagent:") && namesJflame(arg)) {
                    return unprofiled;
                }
            }
            String path = environment != null ? environment.get("PATH") : System.getenv("PATH");
            if (!JavaRuntimeCheck.canLoadAgent(command[0], path)) {
                // A Java 8 child would abort on the agent's class files; it runs unprofiled instead.
                return unprofiled;
            }
            String[] out = new String[command.length + javaArguments.length];
            out[0] = command[0];
            System.arraycopy(javaArguments, 0, out, 1, javaArguments.length);
            System.arraycopy(command, 1, out, 1 + javaArguments.length, command.length - 1);
            return new Object[] {out, environment};
        }
        if (toolArgument == null) {
            // A jar path with a space or a quote would make every JVM the script starts fail to
            // start. Such children run unprofiled.
            return unprofiled;
        }
        Map<String, String> env = copyOf(environment);
        env.put(TOOL_OPTIONS, inheritedTools == null || inheritedTools.trim().isEmpty()
                ? toolArgument : inheritedTools + " " + toolArgument);
        return new Object[] {command, env};
    }

    /** Whether a command word is a {@code java} launcher: {@code java}, {@code /path/bin/java}, {@code java.exe}. */
    public static boolean isJavaLauncher(String executable) {
        String name = executable.substring(Math.max(executable.lastIndexOf('/'), executable.lastIndexOf('\\')) + 1);
        return name.equals("java") || name.equals("java.exe") || name.equals("javaw.exe");
    }

    /**
     * A fresh copy of {@code environment} (the inherited one if null) from ProcessBuilder: the JDK's own
     * environment map type, which ProcessImpl requires; the caller's map is never modified. (Creating a
     * builder here starts nothing, so the advice is not re-entered.)
     */
    private static Map<String, String> copyOf(Map<String, String> environment) {
        Map<String, String> env = new ProcessBuilder().environment();
        if (environment != null) {
            env.clear();
            env.putAll(environment);
        }
        return env;
    }

    /**
     * The word of {@code tools} that loads jflame as a root (options without a spool: {@code file=...}),
     * or null if there is none, or jflame's entry is a child's, or its options cannot be read.
     */
    private String rootAgentEntry(String tools) {
        if (tools == null) {
            return null;
        }
        for (String word : tools.trim().split("\\s+")) {
            if (word.startsWith("-javaagent:") && namesJflame(word)) {
                int eq = word.indexOf('=', word.indexOf(jarFileName));
                try {
                    Options options = Options.parse(eq < 0 ? "" : word.substring(eq + 1));
                    return options.spool().isEmpty() ? word : null;
                } catch (RuntimeException unreadable) {
                    return null;
                }
            }
        }
        return null;
    }

    /** Whether this JVM's own {@code JAVA_TOOL_OPTIONS} carries jflame, which its children inherit. */
    boolean inheritedByChildren() {
        return namesJflame(System.getenv(TOOL_OPTIONS));
    }

    private boolean namesJflame(String s) {
        return s != null && s.contains("-javaagent:") && s.contains(jarFileName);
    }
}

package dev.jflame.agent.cli;

import dev.jflame.core.options.Options;

/** {@code jflame help [command]}: usage of all commands or of one. */
final class HelpCommand implements Command {
    private final Commands commands;

    HelpCommand(Commands commands) {
        this.commands = commands;
    }

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String summary() {
        return "show this help, or one command's";
    }

    @Override
    public String usage() {
        return "jflame help [command]\nExample: jflame help attach";
    }

    @Override
    public int run(CommandLine line) {
        if (line.positional().isEmpty()) {
            System.out.print(overview());
            return 0;
        }
        Command c = commands.named(line.onlyPositional(this, "command"));
        if (c == null) {
            throw CliException.usage(unknown(line.positional().get(0)));
        }
        System.out.print(of(c));
        return 0;
    }

    String overview() {
        StringBuilder sb = new StringBuilder();
        sb.append("jflame - a JVM sampling profiler that writes flame graphs\n\n");
        sb.append("Usage: jflame <command> [arguments]    (jflame help <command> for details)\n\n");
        for (Command c : commands.all()) {
            sb.append(String.format("  %-8s %s%n", c.name(), c.summary()));
        }
        sb.append("\nProfiling options (flags -i interval, -d duration, -o file, or --<option> value, or --opt key=value):\n");
        sb.append(Options.help());
        sb.append("\nExit codes: 0 ok, 1 failure, 2 usage error.\n");
        return sb.toString();
    }

    static String of(Command c) {
        StringBuilder sb = new StringBuilder("Usage: ").append(c.usage()).append('\n');
        if (c.takesProfilingOptions()) {
            sb.append("\nProfiling options (-i interval, -d duration, -o file, --<option> value, --opt key=value):\n");
            sb.append(Options.help(c.optionDefaults()));
        }
        return sb.toString();
    }

    /** What to say of a word that is no command: the nearest command if one is close, and the list. */
    String unknown(String word) {
        String near = commands.nearest(word);
        return "unknown command '" + word + "'; " + (near != null ? "did you mean '" + near + "'? " : "") + "commands: " + names();
    }

    String names() {
        StringBuilder sb = new StringBuilder();
        for (Command c : commands.all()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(c.name());
        }
        return sb.toString();
    }
}

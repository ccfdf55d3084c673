package dev.jflame.agent.cli;

import dev.jflame.agent.output.SafeFiles;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code jflame} command line: {@code jflame <command> [arguments]}. Picks the command, turns
 * failures into one line on stderr and an exit code (0 ok, 1 failure, 2 usage error).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code; prints, never throws. */
    static int run(String[] args) {
        Commands commands = new Commands();
        HelpCommand help = (HelpCommand) commands.named("help");
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.out.print(help.overview());
            return args.length == 0 ? CliException.USAGE : 0;
        }
        Command command = commands.named(args[0]);
        if (command == null) {
            System.err.println("jflame: " + help.unknown(args[0]) + " (jflame help)");
            return CliException.USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            CommandLine line = CommandLine.parse(command, rest);
            if (line.help()) {
                System.out.print(HelpCommand.of(command));
                return 0;
            }
            return command.run(line);
        } catch (CliException e) {
            System.err.println("jflame: " + e.getMessage());
            return e.exitCode;
        } catch (dev.jflame.core.options.OptionException e) {
            // An option a command builds from its arguments (an output path it derived): a usage error like any other.
            System.err.println("jflame: " + e.getMessage());
            return CliException.USAGE;
        } catch (SafeFiles.RefusedException e) {
            // A path jflame will not write or read (a link, a FIFO, another user's file): its own line.
            System.err.println("jflame: " + e.getMessage());
            return 1;
        } catch (NoClassDefFoundError e) {
            if (String.valueOf(e.getMessage()).contains("com/sun/tools/attach")) {
                System.err.println("jflame: the Attach API (module jdk.attach) is missing; run jflame with a JDK, not a JRE");
                return CliException.FAILURE;
            }
            System.err.println("jflame: internal error: " + e);
            return CliException.FAILURE;
        } catch (OutOfMemoryError e) {
            // Reached with the command's data unwound and collectable: room enough for one line. Readers keep
            // memory in proportion to their input, so this is a heap too small for the file, not a trace to show.
            System.err.println("jflame: " + args[0] + " ran out of memory in a heap of " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MB; raise the CLI's -Xmx (JDK_JAVA_OPTIONS=-Xmx4g jflame " + args[0] + " ...)");
            return CliException.FAILURE;
        } catch (InterruptedException e) {
            System.err.println("jflame: interrupted");
            return CliException.FAILURE;
        } catch (Exception e) {
            System.err.println("jflame: " + args[0] + " failed: " + e);
            return CliException.FAILURE;
        }
    }
}

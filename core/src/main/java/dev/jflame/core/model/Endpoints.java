package dev.jflame.core.model;

/**
 * How the far end of an I/O wait is named (contract: the JSON's {@code endpoints} and the
 * {@code [waits on ...]} frames), in the one form that lets two processes' views be matched: a pipe by
 * its inode and end, {@code pipe:[4711] read end}, whose other end is the same inode's write end (a
 * reader waits for a writer; the processes that hold the same end, as siblings do an inherited
 * {@code stderr}, are not who it waits for); a TCP connection by its addresses,
 * {@code tcp 127.0.0.1:41234 -> 127.0.0.1:5000}, local first, so the other end's name is the same
 * reversed; a child process waited for by its pid, {@code pid 4242}. Stateless.
 */
public final class Endpoints {
    private static final String PIPE = "pipe:[";
    private static final String READ_END = "] read end";
    private static final String WRITE_END = "] write end";
    private static final String TCP = "tcp ";
    private static final String ARROW = " -> ";
    private static final String PID = "pid ";

    private Endpoints() {
    }

    /** {@code pipe:[inode] read end} or {@code pipe:[inode] write end}. */
    public static String pipe(long inode, boolean writeEnd) {
        return PIPE + inode + (writeEnd ? WRITE_END : READ_END);
    }

    public static String tcp(String local, String remote) {
        return TCP + local + ARROW + remote;
    }

    public static String pid(long pid) {
        return PID + pid;
    }

    /**
     * The name the process at the other end has for the same pipe or connection: a pipe's other end, a
     * connection's addresses reversed. Null for a pid, which names the other process already.
     */
    public static String otherEnd(String endpoint) {
        if (endpoint.startsWith(PIPE)) {
            return endpoint.endsWith(READ_END) ? endpoint.substring(0, endpoint.length() - READ_END.length()) + WRITE_END
                    : endpoint.endsWith(WRITE_END) ? endpoint.substring(0, endpoint.length() - WRITE_END.length()) + READ_END : null;
        }
        int arrow = endpoint.indexOf(ARROW);
        if (!endpoint.startsWith(TCP) || arrow < 0) {
            return null;
        }
        return TCP + endpoint.substring(arrow + ARROW.length()) + ARROW + endpoint.substring(TCP.length(), arrow);
    }

    /** The pid a {@link #pid} endpoint names, or -1. */
    public static long pidOf(String endpoint) {
        if (!endpoint.startsWith(PID)) {
            return -1;
        }
        try {
            return Long.parseLong(endpoint.substring(PID.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

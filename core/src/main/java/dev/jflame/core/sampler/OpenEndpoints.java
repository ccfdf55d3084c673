package dev.jflame.core.sampler;

import dev.jflame.core.model.Endpoints;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

/**
 * This process's pipes and TCP connections as Linux's {@code /proc} shows them, named as
 * {@link Endpoints} says so that two processes' views can be matched. Unix sockets and listening sockets are not named: nothing in {@code /proc}
 * pairs a unix socket with its peer, and a listening socket waits for anyone. Confined to the sampler thread.
 */
final class OpenEndpoints {
    private static final String SOCKET = "socket:[";
    private static final String PIPE = "pipe:[";
    /** {@code O_ACCMODE} of the {@code flags} in {@code fdinfo} (octal): 0 read only, 1 write only. */
    private static final int ACCESS_MODE = 3;
    /** Lines of {@code /proc/net/tcp} read at most: a server with 100 000 connections must not cost a table of them. */
    static final int MAX_TCP_LINES = 20_000;
    /** State {@code 01} in {@code /proc/net/tcp}: an established connection, the only kind with another end. */
    private static final String ESTABLISHED = "01";
    /** State {@code 0A}: a listening socket, which waits for anyone. */
    private static final String LISTEN = "0A";
    /** The tables are read again for a socket not in them at most this often: a connection made since. */
    private static final long TCP_REREAD_NANOS = 200_000_000L;

    private final ProcFiles proc;
    private final Map<Long, String> tcpByInode = new HashMap<>();
    /**
     * Sockets found not to be connections when the tables were last read — listening, unix, UDP — so that
     * they do not make every lookup read the tables again; a connection being made is not among them.
     */
    private final java.util.Set<Long> notTcp = new java.util.HashSet<>();
    /** {@link #notTcp} is forgotten past this size: closed sockets' inodes would otherwise pile up. */
    private static final int MAX_NOT_TCP = 4096;
    private long tcpReadAtNanos;
    private boolean tcpRead;

    OpenEndpoints(ProcFiles proc) {
        this.proc = proc;
    }

    /** What file descriptor {@code fd} of this process is, named as above; null for anything else or a closed fd. */
    String ofFd(long fd, long nowNanos) {
        return ofLink(Long.toString(fd), nowNanos);
    }

    /** Each pipe and connection open now, added to {@code into}; at most {@code maxFds} descriptors are looked at. */
    void addOpen(java.util.Collection<String> into, int maxFds, long nowNanos) {
        String[] fds = new File("/proc/self/fd").list();
        if (fds == null) {
            return;
        }
        for (int i = 0; i < fds.length && i < maxFds; i++) {
            String e = ofLink(fds[i], nowNanos);
            if (e != null) {
                into.add(e);
            }
        }
    }

    private String ofLink(String fd, long nowNanos) {
        String link = link(Paths.get("/proc/self/fd", fd));
        if (link == null) {
            return null;
        }
        if (link.startsWith(PIPE) && link.endsWith("]")) {
            return pipe(fd, link);
        }
        if (!link.startsWith(SOCKET) || !link.endsWith("]")) {
            return null;
        }
        long inode;
        try {
            inode = Long.parseLong(link.substring(SOCKET.length(), link.length() - 1));
        } catch (NumberFormatException e) {
            return null;
        }
        String tcp = tcpByInode.get(inode);
        if (tcp != null || notTcp.contains(inode) || (tcpRead && nowNanos - tcpReadAtNanos <= TCP_REREAD_NANOS)) {
            return tcp;
        }
        readTcpTables(nowNanos);
        tcp = tcpByInode.get(inode);
        if (tcp == null && !connecting.contains(inode)) {
            notTcp.add(inode);
        }
        return tcp;
    }

    /** A pipe's end, from the descriptor's access mode; null for a FIFO opened for both, which is either end. */
    private String pipe(String fd, String link) {
        String flags = proc.field("/proc/self/fdinfo/" + fd, "flags:");
        long inode;
        int mode;
        try {
            inode = Long.parseLong(link.substring(PIPE.length(), link.length() - 1));
            mode = flags == null ? -1 : Integer.parseInt(flags, 8) & ACCESS_MODE;
        } catch (NumberFormatException e) {
            return null;
        }
        return mode == 0 || mode == 1 ? Endpoints.pipe(inode, mode == 1) : null;
    }

    private static String link(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Connections being made or closed when the tables were last read: they may be established next time. */
    private final java.util.Set<Long> connecting = new java.util.HashSet<>();

    private void readTcpTables(long nowNanos) {
        tcpByInode.clear();
        connecting.clear();
        if (notTcp.size() > MAX_NOT_TCP) {
            notTcp.clear();
        }
        tcpRead = true;
        tcpReadAtNanos = nowNanos;
        int lines = readTcpTable("/proc/self/net/tcp", 0);
        readTcpTable("/proc/self/net/tcp6", lines);
    }

    /** Adds the established connections of one table; returns the lines read so far, both tables together. */
    private int readTcpTable(String path, int linesBefore) {
        int lines = linesBefore;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream(path), StandardCharsets.US_ASCII))) {
            in.readLine();
            String line;
            String[] f = new String[10];
            while (lines < MAX_TCP_LINES && (line = in.readLine()) != null) {
                lines++;
                // sl local remote st queues timer retransmits uid timeout inode ...
                if (fields(line, f) < f.length) {
                    continue;
                }
                long inode = Long.parseLong(f[9]);
                if (LISTEN.equals(f[3])) {
                    notTcp.add(inode);
                    continue;
                }
                if (!ESTABLISHED.equals(f[3])) {
                    connecting.add(inode);
                    continue;
                }
                String local = address(f[1]);
                String remote = address(f[2]);
                if (local != null && remote != null) {
                    tcpByInode.put(inode, Endpoints.tcp(local, remote));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // No such table (IPv6 off) or one cut while read: the connections read so far stand.
        }
        return lines;
    }

    /** Splits {@code line} at runs of spaces into the first {@code into.length} fields; returns how many it found. */
    private static int fields(String line, String[] into) {
        int n = 0;
        int i = 0;
        int len = line.length();
        while (n < into.length) {
            while (i < len && line.charAt(i) == ' ') {
                i++;
            }
            if (i == len) {
                break;
            }
            int start = i;
            while (i < len && line.charAt(i) != ' ') {
                i++;
            }
            into[n++] = line.substring(start, i);
        }
        return n;
    }

    /**
     * {@code 0100007F:1F90} → {@code 127.0.0.1:8080}. The kernel prints each 32-bit word of the address in
     * the machine's byte order (little-endian on the x86-64 and AArch64 this runs on); an IPv4 address
     * mapped into IPv6 is written as IPv4, so that both ends of one connection read alike.
     */
    static String address(String field) {
        int colon = field.indexOf(':');
        if (colon != 8 && colon != 32) {
            return null;
        }
        byte[] b = new byte[colon / 2];
        for (int word = 0; word < colon / 8; word++) {
            long v = Long.parseLong(field.substring(word * 8, word * 8 + 8), 16);
            for (int k = 0; k < 4; k++) {
                b[word * 4 + k] = (byte) (v >>> (8 * k));
            }
        }
        int port = Integer.parseInt(field.substring(colon + 1), 16);
        boolean mapped = b.length == 16 && b[10] == (byte) 0xff && b[11] == (byte) 0xff && allZero(b, 10);
        if (b.length == 4 || mapped) {
            int o = b.length - 4;
            return (b[o] & 0xff) + "." + (b[o + 1] & 0xff) + "." + (b[o + 2] & 0xff) + "." + (b[o + 3] & 0xff) + ":" + port;
        }
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < 16; i += 2) {
            s.append(i == 0 ? "" : ":").append(Integer.toHexString((b[i] & 0xff) << 8 | (b[i + 1] & 0xff)));
        }
        return s.append("]:").append(port).toString();
    }

    private static boolean allZero(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}

package dev.jflame.core.sampler;

/**
 * The Linux system calls a thread idle in native I/O can be found in, by number, for the two
 * architectures jflame knows the numbers of: which argument says what it waits on. Immutable.
 */
final class SystemCalls {
    /** What a call's arguments say about its far end. */
    enum Kind {
        /** Its first argument is a file descriptor: read, write, their vector and positioned forms, send, receive. */
        FD,
        /** {@code poll}/{@code ppoll}: an array of descriptors and its length. */
        POLL,
        /** {@code wait4}: the pid waited for. */
        WAIT_PID,
        /** {@code waitid}: the kind of id, then the id. */
        WAIT_ID,
        NONE
    }

    private final int[] fd;
    private final int[] poll;
    private final int waitPid;
    private final int waitId;

    private SystemCalls(int[] fd, int[] poll, int waitPid, int waitId) {
        this.fd = fd;
        this.poll = poll;
        this.waitPid = waitPid;
        this.waitId = waitId;
    }

    /** The numbers for {@code os.arch}, or null where they are not known. */
    static SystemCalls forArch(String arch) {
        switch (arch) {
            case "amd64":
            case "x86_64":
                // read write pread64 pwrite64 readv writev sendto recvfrom sendmsg recvmsg; poll ppoll; wait4; waitid
                return new SystemCalls(new int[] {0, 1, 17, 18, 19, 20, 44, 45, 46, 47}, new int[] {7, 271}, 61, 247);
            case "aarch64":
                // read write readv writev pread64 pwrite64 sendto recvfrom sendmsg recvmsg; ppoll; wait4; waitid
                return new SystemCalls(new int[] {63, 64, 65, 66, 67, 68, 206, 207, 211, 212}, new int[] {73}, 260, 95);
            default:
                return null;
        }
    }

    Kind kind(int nr) {
        if (contains(fd, nr)) {
            return Kind.FD;
        }
        if (contains(poll, nr)) {
            return Kind.POLL;
        }
        if (nr == waitPid) {
            return Kind.WAIT_PID;
        }
        return nr == waitId ? Kind.WAIT_ID : Kind.NONE;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}

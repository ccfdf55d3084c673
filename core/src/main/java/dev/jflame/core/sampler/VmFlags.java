package dev.jflame.core.sampler;

import java.lang.management.ManagementFactory;

/** HotSpot flags the profile's truth depends on, read from the running JVM. Stateless. */
final class VmFlags {
    private VmFlags() {
    }

    /**
     * Whether {@code -XX:+DebugNonSafepoints} is on: without it the JIT records debug information at
     * safepoint polls only, and JFR's asynchronous samples credit inlined code to a caller.
     */
    static boolean debugNonSafepoints() {
        try {
            return "true".equals(ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("DebugNonSafepoints").getValue());
        } catch (RuntimeException | LinkageError notHotSpot) {
            return false;
        }
    }
}

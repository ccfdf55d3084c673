package dev.jflame.core.jfr;

import dev.jflame.core.model.FrameKind;
import dev.jflame.core.model.FrameNames;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedThread;

/**
 * The frames and threads of JFR's events as jflame names them, the same for JFR's sampler in the
 * profiled JVM and for recordings read from a file (the JDK's and async-profiler's). Stateless.
 *
 * <p>Compiled for JDK 11 ({@code jdk.jfr.consumer} is there since 9); what newer JDKs added is
 * reached by reflection. Loaded only where {@code jdk.jfr} is used already.
 */
public final class JfrFrames {
    /**
     * async-profiler's descriptors for frames of native code (C, C++, kernel), whose "class" is the
     * library: no JVM method descriptor reads like them ({@code L;} names no class).
     */
    private static final String NATIVE_CODE = "()L;";
    private static final String KERNEL_CODE = "(Lk;)L;";
    /** async-profiler's suffix for kernel frames in its own collapsed output. */
    private static final String KERNEL_SUFFIX = "_[k]";
    /** {@code RecordedThread.isVirtual()} where it exists (JDK 21+). */
    private static final Method IS_VIRTUAL = isVirtualMethod();
    /** The field of a recorded thread that says it is virtual, in JDK 21+ recordings. */
    private static final String VIRTUAL_FIELD = "virtual";

    private JfrFrames() {
    }

    /**
     * {@code package.Class.method} for a Java method (native ones included), as jflame's own capture
     * names it; for native code without a Java method (async-profiler's C, C++ and kernel frames) the
     * symbol alone, as async-profiler writes it, kernel symbols with its {@code _[k]}.
     */
    public static String name(RecordedMethod m) {
        String method = m.getName() == null ? "unknown" : m.getName();
        if (isNativeCode(m)) {
            return KERNEL_CODE.equals(m.getDescriptor()) ? method + KERNEL_SUFFIX : method;
        }
        return FrameNames.javaMethod(className(m), method);
    }

    /** {@link FrameKind#NATIVE} for native methods and native code, else by the declaring class. */
    public static FrameKind kind(RecordedMethod m) {
        if (isNativeCode(m)) {
            return FrameKind.NATIVE;
        }
        return FrameKind.ofJavaFrame(className(m), Modifier.isNative(m.getModifiers()));
    }

    /** Whether the frame is native code rather than a Java method: async-profiler's C, C++ and kernel frames. */
    public static boolean isNativeCode(RecordedMethod m) {
        String d = m.getDescriptor();
        return NATIVE_CODE.equals(d) || KERNEL_CODE.equals(d);
    }

    /** The declaring class of a Java method, "unknown" if the recording does not say. */
    public static String className(RecordedMethod m) {
        RecordedClass c = m.getType();
        String name = c == null ? null : c.getName();
        return name == null ? "unknown" : name;
    }

    /**
     * Whether JFR named a virtual thread (JDK 21+). A JDK 21+ recording read on an older JDK (a {@code convert}
     * run on JDK 17) has no {@code isVirtual()} to ask, but its thread's {@code virtual} field, which that
     * method reads.
     */
    public static boolean isVirtual(RecordedThread thread) {
        if (IS_VIRTUAL == null) {
            return thread.hasField(VIRTUAL_FIELD) && thread.getBoolean(VIRTUAL_FIELD);
        }
        try {
            return (Boolean) IS_VIRTUAL.invoke(thread);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static Method isVirtualMethod() {
        try {
            return RecordedThread.class.getMethod("isVirtual");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}

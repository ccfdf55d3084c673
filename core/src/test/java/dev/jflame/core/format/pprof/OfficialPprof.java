package dev.jflame.core.format.pprof;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.jflame.core.model.Profile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * A pprof decoder independent of our writer (public for the agent's push tests, through core's test jar): the official {@code profile.proto} (Debian's
 * golang-github-google-pprof-dev package), compiled by protoc from Maven Central into a descriptor set,
 * and protobuf-java's {@link DynamicMessage}. Immutable once loaded.
 */
public final class OfficialPprof {
    /** Where Debian's golang-github-google-pprof-dev installs it; {@code -Djflame.pprof.proto=} overrides. */
    static final Path PROTO = Paths.get(System.getProperty("jflame.pprof.proto",
            "/usr/share/gocode/src/github.com/google/pprof/proto/profile.proto"));

    private final Descriptor profile;

    private OfficialPprof(Descriptor profile) {
        this.profile = profile;
    }

    /**
     * Compiles profile.proto, or skips the calling test when it or protoc is missing; on CI (CI=true)
     * that fails instead, so a broken image cannot pass by skipping the format's acceptance test.
     */
    public static OfficialPprof loadOrSkip(Path tmp) throws Exception {
        String protocPath = System.getProperty("jflame.protoc");
        if (protocPath == null || !Files.isRegularFile(Paths.get(protocPath))) {
            missing("protoc not found (" + protocPath + "): run through Maven, which copies it into target/protoc");
        }
        if (!Files.isRegularFile(PROTO)) {
            missing(PROTO + " not found: install Debian's golang-github-google-pprof-dev package to run the pprof decoding tests");
        }
        Path protoc = Paths.get(protocPath);
        // maven-dependency-plugin copies the executable without its mode bits.
        if (!Files.isExecutable(protoc) && !protoc.toFile().setExecutable(true)) {
            throw new IllegalStateException("cannot make " + protoc + " executable");
        }
        Path descriptors = tmp.resolve("profile.desc");
        Process p = new ProcessBuilder(protoc.toString(), "--descriptor_set_out=" + descriptors, "--include_imports",
                "-I" + PROTO.getParent(), PROTO.getFileName().toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("protoc failed: " + output);
        }
        FileDescriptorSet set = FileDescriptorSet.parseFrom(Files.readAllBytes(descriptors));
        // --include_imports lists dependencies before their dependents.
        Map<String, FileDescriptor> built = new HashMap<>();
        FileDescriptor last = null;
        for (FileDescriptorProto f : set.getFileList()) {
            FileDescriptor[] deps = new FileDescriptor[f.getDependencyCount()];
            for (int i = 0; i < deps.length; i++) {
                deps[i] = built.get(f.getDependency(i));
            }
            last = FileDescriptor.buildFrom(f, deps);
            built.put(f.getName(), last);
        }
        if (last == null || !"perftools.profiles".equals(last.getPackage())) {
            throw new IllegalStateException("not the pprof profile.proto: " + set);
        }
        return new OfficialPprof(last.findMessageTypeByName("Profile"));
    }

    private static void missing(String msg) {
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(msg + " (CI=true, so this is a failure, not a skip)");
        }
        Assumptions.abort(msg);
    }

    /** Gunzips and parses a {@code perftools.profiles.Profile}. */
    public DynamicMessage decode(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return DynamicMessage.parseFrom(profile, in.readAllBytes());
        }
    }
}

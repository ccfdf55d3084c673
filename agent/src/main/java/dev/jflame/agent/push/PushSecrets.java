package dev.jflame.agent.push;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The credentials a push sends, as the value of its {@code Authorization} header: a bearer token, or a
 * user and password for basic auth. They come from a file of this user that no one else can read
 * ({@code pushsecrets=}), else from the environment ({@code JFLAME_PUSH_TOKEN}, or {@code JFLAME_PUSH_USER}
 * and {@code JFLAME_PUSH_PASSWORD}) — never from the command line, where {@code ps} shows them to every
 * user, and never in a profile or a line jflame prints. Immutable.
 */
final class PushSecrets {
    static final String TOKEN_VARIABLE = "JFLAME_PUSH_TOKEN";
    static final String USER_VARIABLE = "JFLAME_PUSH_USER";
    static final String PASSWORD_VARIABLE = "JFLAME_PUSH_PASSWORD";

    /** The {@code Authorization} header's value, or null to send none. */
    final String authorization;

    private PushSecrets(String authorization) {
        this.authorization = authorization;
    }

    /**
     * @param file the {@code pushsecrets} option, or "" for the environment
     * @throws IllegalStateException with a one-line reason (which never holds a secret)
     */
    static PushSecrets load(String file, Map<String, String> env) {
        if (!file.isEmpty()) {
            return fromFile(Paths.get(file));
        }
        return of(env.get(TOKEN_VARIABLE), env.get(USER_VARIABLE), env.get(PASSWORD_VARIABLE), "the environment");
    }

    private static PushSecrets fromFile(Path path) {
        List<String> lines;
        try {
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException("pushsecrets=" + path + " is not a regular file");
            }
            String owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
            if (!owner.equals(System.getProperty("user.name"))) {
                throw new IllegalStateException("pushsecrets=" + path + " belongs to " + owner + ", not to this user");
            }
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                    throw new IllegalStateException("pushsecrets=" + path + " can be read by others (chmod 600 it)");
                }
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: its owner is all that can be checked.
            }
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read pushsecrets=" + path + ": " + e.getClass().getSimpleName());
        }
        String token = null;
        String user = null;
        String password = null;
        for (String line : lines) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            String key = eq < 0 ? l : l.substring(0, eq).trim();
            String value = eq < 0 ? "" : l.substring(eq + 1).trim();
            if (key.equals("token")) {
                token = value;
            } else if (key.equals("user")) {
                user = value;
            } else if (key.equals("password")) {
                password = value;
            } else {
                throw new IllegalStateException("pushsecrets=" + path + ": unknown key '" + key + "' (expected token, user, password)");
            }
        }
        return of(token, user, password, "pushsecrets=" + path);
    }

    private static PushSecrets of(String token, String user, String password, String where) {
        boolean hasToken = token != null && !token.isEmpty();
        boolean hasUser = user != null && !user.isEmpty();
        if (hasToken && hasUser) {
            throw new IllegalStateException(where + " gives both a token and a user: one or the other");
        }
        if (hasToken) {
            return new PushSecrets("Bearer " + token);
        }
        if (hasUser) {
            String pair = user + ":" + (password == null ? "" : password);
            return new PushSecrets("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return new PushSecrets(null);
    }
}

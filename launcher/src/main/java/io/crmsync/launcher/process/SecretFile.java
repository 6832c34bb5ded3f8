package io.crmsync.launcher.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key config-service seals credentials with on this machine: generated once per checkout into a file
 * only its owner can read, so stored credentials survive restarts and are never sealed with a public key.
 */
public final class CredentialsKeyFile {

    private CredentialsKeyFile() {
    }

    /** Reads the key, creating it first when the file does not exist. */
    public static String readOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        Files.createDirectories(file.getParent());
        String key = newKey();
        Path temp = Files.createTempFile(file.getParent(), "credentials", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, key + "\n", StandardCharsets.US_ASCII);
        Files.move(temp, file);
        return key;
    }

    /** Base64 of 32 random bytes: an AES-256 key. */
    public static String newKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}

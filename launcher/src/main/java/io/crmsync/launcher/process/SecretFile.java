package io.crmsync.launcher.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * A secret generated once per checkout into a file only its owner can read, such as the key config-service
 * seals credentials with (so stored credentials survive restarts and are never sealed with a public key) and
 * the admin API token (so scripts and curl keep working across restarts).
 */
public final class SecretFile {

    /** Where `bin/crmsync up` keeps the credentials key, relative to the checkout. */
    public static final String CREDENTIALS_KEY = ".crmsync/credentials.key";
    /** Where `bin/crmsync up` keeps the key exception-service seals payload snapshots with. */
    public static final String EXCEPTION_PAYLOAD_KEY = ".crmsync/exception-payload.key";
    /** Where `bin/crmsync up` keeps the admin API token, relative to the checkout. */
    public static final String ADMIN_TOKEN = ".crmsync/admin.token";
    /** Signs webhook notifications: receivers verify with it. */
    public static final String WEBHOOK_SECRET = ".crmsync/webhook.secret";

    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretFile() {
    }

    /** Reads the secret, creating the file with a {@code generated} one first when it does not exist. */
    public static String readOrCreate(Path file, Supplier<String> generated) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        Files.createDirectories(file.getParent());
        String secret = generated.get();
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, secret + "\n", StandardCharsets.US_ASCII);
        Files.move(temp, file);
        return secret;
    }

    /** Base64 of 32 random bytes: an AES-256 key. */
    public static String newCredentialsKey() {
        return Base64.getEncoder().encodeToString(randomBytes());
    }

    /** 32 random bytes, URL-safe base64 without padding (43 characters): fits an Authorization header as is. */
    public static String newAdminToken() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

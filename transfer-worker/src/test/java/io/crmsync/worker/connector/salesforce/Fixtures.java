package io.crmsync.worker.connector.salesforce;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The recorded CRM responses, read in place from the shared fixtures directory (never copied into the repo):
 * system property {@code crmsync.fixtures}, else the first {@code shared/fixtures} found walking up from the
 * working directory. Tests that need them are skipped when neither exists.
 */
public final class Fixtures {

    private Fixtures() {
    }

    public static String read(String relative) {
        Path root = root();
        assumeTrue(root != null, "no recorded fixtures: set -Dcrmsync.fixtures=<dir> or place shared/fixtures "
                + "in a parent directory");
        try {
            return Files.readString(root.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path root() {
        String property = System.getProperty("crmsync.fixtures");
        if (property != null && !property.isBlank()) {
            return Files.isDirectory(Path.of(property)) ? Path.of(property) : null;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}

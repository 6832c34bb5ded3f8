package io.crmsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The recorded real responses in {@code shared/fixtures}, read in place: their licences do not allow copying them
 * into the repository. Found by walking up from the working directory, or at {@code -Dcrmsync.fixtures=<dir>}.
 */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** A fixture file, relative to the fixtures directory, as JSON. */
    public static JsonNode json(String relative) {
        try {
            return JSON.readTree(dir().resolve(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path dir() {
        String configured = System.getProperty("crmsync.fixtures", "");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("shared/fixtures"))) {
                return p.resolve("shared/fixtures");
            }
        }
        throw new IllegalStateException("shared/fixtures not found above " + Path.of("").toAbsolutePath()
                + "; set -Dcrmsync.fixtures=<dir>");
    }
}

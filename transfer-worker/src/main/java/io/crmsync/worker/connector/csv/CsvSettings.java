package io.crmsync.worker.connector.csv;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.EndpointAccess;

/**
 * A CSV endpoint's settings, as config-service accepts them: {@code path} (the directory holding one file per
 * object), {@code delimiter}, {@code encoding}, {@code header} and {@code timeZone}. Checked again here because a
 * worker must not trust that every endpoint was saved by a current config-service.
 *
 * @param directory the directory; object {@code contacts} is the file {@code contacts.csv} in it
 * @param delimiter the field delimiter
 * @param charset the files' encoding
 * @param header whether the first line names the fields; without it fields are {@code column1..N}
 * @param zone the zone of date-times written without an offset
 */
record CsvSettings(Path directory, char delimiter, Charset charset, boolean header, ZoneId zone) {

    static final String EXTENSION = ".csv";

    /** The settings, with {@code path} resolved against {@code root} (relative) or required inside it (absolute). */
    static CsvSettings of(EndpointAccess endpoint, Path root) {
        String path = endpoint.setting("path");
        if (path.isBlank()) {
            throw configuration("setting 'path' is required for csv endpoints");
        }
        Path directory;
        Path realRoot;
        try {
            realRoot = root.toAbsolutePath().normalize();
            directory = realRoot.resolve(path).normalize();
        } catch (InvalidPathException e) {
            throw configuration("setting 'path' is not a valid path");
        }
        if (!Files.isDirectory(directory)) {
            throw configuration("setting 'path' (" + path + ") is not a directory under the worker's CSV root");
        }
        try {
            // Real paths, so that a symbolic link cannot lead out of the root either.
            realRoot = realRoot.toRealPath();
            directory = directory.toRealPath();
        } catch (IOException e) {
            throw configuration("setting 'path' (" + path + ") cannot be resolved: " + e.getMessage());
        }
        if (!directory.startsWith(realRoot)) {
            throw configuration("setting 'path' (" + path + ") is outside the worker's CSV root; use a directory "
                    + "under crmsync.worker.csv-root");
        }
        return new CsvSettings(directory, delimiter(endpoint.setting("delimiter")),
                charset(endpoint.setting("encoding")), header(endpoint.setting("header")),
                zone(endpoint.setting("timeZone")));
    }

    /**
     * The file of an object. Names are plain file names: anything that could leave the directory (a separator,
     * {@code ..}, an absolute path) or reach the connector's own hidden work files (a leading dot) is refused.
     */
    Path file(String objectName) {
        if (objectName.isEmpty() || objectName.startsWith(".") || objectName.contains("/")
                || objectName.contains("\\") || objectName.indexOf('\0') >= 0 || objectName.contains(":")) {
            throw configuration("object name '" + objectName + "' is not a plain file name in the csv directory");
        }
        Path file;
        try {
            file = directory.resolve(objectName + EXTENSION).normalize();
        } catch (InvalidPathException e) {
            throw configuration("object name '" + objectName + "' is not a plain file name in the csv directory");
        }
        if (!directory.equals(file.getParent())) {
            throw configuration("object name '" + objectName + "' is not a plain file name in the csv directory");
        }
        return file;
    }

    /** A hidden work file next to an object's file, e.g. {@code .contacts.csv.partial}. */
    Path workFile(String objectName, String suffix) {
        return directory.resolve("." + file(objectName).getFileName() + suffix);
    }

    private static char delimiter(String value) {
        if (value.isEmpty()) {
            return ',';
        }
        if (value.length() != 1 || value.charAt(0) == '"' || value.charAt(0) == '\r' || value.charAt(0) == '\n') {
            throw configuration("setting 'delimiter' must be one character other than a quote or a line break");
        }
        return value.charAt(0);
    }

    private static Charset charset(String value) {
        if (value.isEmpty()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(value);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw configuration("setting 'encoding' names an encoding this worker does not support");
        }
    }

    private static boolean header(String value) {
        return switch (value) {
            case "", "true" -> true;
            case "false" -> false;
            default -> throw configuration("setting 'header' must be true or false");
        };
    }

    private static ZoneId zone(String value) {
        try {
            return value.isEmpty() ? ZoneOffset.UTC : ZoneId.of(value);
        } catch (DateTimeException e) {
            throw configuration("setting 'timeZone' is not a time zone");
        }
    }

    static ConnectorException configuration(String message) {
        return new ConnectorException(Reason.CONFIGURATION, message);
    }
}

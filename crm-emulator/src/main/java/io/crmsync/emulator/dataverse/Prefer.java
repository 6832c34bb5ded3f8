package io.crmsync.emulator.dataverse;

import io.crmsync.emulator.Request;

import java.util.List;
import java.util.Locale;

/** The {@code Prefer} preferences the Web API honours, from every Prefer header of a request. */
record Prefer(Integer maxPageSize, boolean trackChanges, boolean returnRepresentation, boolean continueOnError) {

    static Prefer of(Request request) {
        List<String> values = request.headers().get("Prefer");
        Integer max = null;
        boolean track = false;
        boolean representation = false;
        boolean continueOnError = false;
        if (values != null) {
            for (String header : values) {
                for (String part : header.split(",")) {
                    String p = part.trim().toLowerCase(Locale.ROOT);
                    if (p.startsWith("odata.maxpagesize=")) {
                        try {
                            max = Integer.parseInt(p.substring("odata.maxpagesize=".length()).trim());
                        } catch (NumberFormatException e) {
                            max = null;
                        }
                    } else if (p.equals("odata.track-changes")) {
                        track = true;
                    } else if (p.equals("return=representation")) {
                        representation = true;
                    } else if (p.equals("odata.continue-on-error")) {
                        continueOnError = true;
                    }
                }
            }
        }
        return new Prefer(max, track, representation, continueOnError);
    }
}

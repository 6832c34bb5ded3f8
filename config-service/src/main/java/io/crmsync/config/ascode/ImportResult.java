package io.crmsync.config.ascode;

/** What an import did, counted over endpoints, connections, lookups and integrations. */
public record ImportResult(int created, int changed, int unchanged) {

    ImportResult plus(Outcome outcome) {
        return switch (outcome) {
            case CREATED -> new ImportResult(created + 1, changed, unchanged);
            case CHANGED -> new ImportResult(created, changed + 1, unchanged);
            case UNCHANGED -> new ImportResult(created, changed, unchanged + 1);
        };
    }

    enum Outcome { CREATED, CHANGED, UNCHANGED }
}

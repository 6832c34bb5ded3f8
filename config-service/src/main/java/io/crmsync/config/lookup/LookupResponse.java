package io.crmsync.config.lookup;

import java.time.Instant;

/** A reference lookup as the admin API shows it; its entries are read as CSV or pages. */
public record LookupResponse(String id, String name, String description, int entryCount, long version,
        Instant createTime, Instant updateTime) {

    static LookupResponse of(LookupEntity e) {
        return new LookupResponse(e.id.toString(), e.name, e.description, e.entryCount, e.version, e.createTime,
                e.updateTime);
    }
}

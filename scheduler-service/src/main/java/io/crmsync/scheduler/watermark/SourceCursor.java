package io.crmsync.scheduler.watermark;

import java.time.Instant;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * Compound position in a source ordered by (modified time, key). Modification times tie, so the key
 * of the last committed record is kept beside its time.
 */
@Embeddable
public class SourceCursor {

    @Column(name = "cursor_modified_time")
    public Instant modifiedTime;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "cursor_key", columnDefinition = "text[]")
    public String[] key;

    public static SourceCursor of(Instant modifiedTime, String[] key) {
        SourceCursor cursor = new SourceCursor();
        cursor.modifiedTime = modifiedTime;
        cursor.key = key;
        return cursor;
    }

    /** Of two cursors (either may be null), the one with the later modified time; the first on a tie. */
    public static SourceCursor later(SourceCursor a, SourceCursor b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (a.modifiedTime == null || b.modifiedTime == null) {
            return a.modifiedTime == null && b.modifiedTime != null ? b : a;
        }
        return b.modifiedTime.isAfter(a.modifiedTime) ? b : a;
    }
}

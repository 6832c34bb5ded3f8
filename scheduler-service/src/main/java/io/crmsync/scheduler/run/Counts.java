package io.crmsync.scheduler.run;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** Record counts of a task or a run, stored as one column each. */
@Embeddable
public class Counts {

    @Column(name = "read_count")
    public long read;
    @Column(name = "created_count")
    public long created;
    @Column(name = "updated_count")
    public long updated;
    @Column(name = "unchanged_count")
    public long unchanged;
    @Column(name = "deleted_count")
    public long deleted;
    @Column(name = "rejected_count")
    public long rejected;
    @Column(name = "skipped_count")
    public long skipped;

    public static Counts zero() {
        return new Counts();
    }

    /** Adds {@code other} to these counts. */
    public void add(Counts other) {
        read += other.read;
        created += other.created;
        updated += other.updated;
        unchanged += other.unchanged;
        deleted += other.deleted;
        rejected += other.rejected;
        skipped += other.skipped;
    }
}

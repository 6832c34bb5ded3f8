package io.crmsync.worker.connector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One record to write, its values aligned with {@link WriteSpec#columns()}. Values have the types listed on
 * {@link SourceRecord#values()}; constants arrive as text for the target to convert.
 */
public record TargetRow(List<Object> values) {

    public TargetRow {
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }
}

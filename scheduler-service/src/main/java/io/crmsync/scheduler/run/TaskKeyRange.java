package io.crmsync.scheduler.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.proto.scheduler.v1.KeyRange;

/**
 * One slice of a split task: {@code lower <= field < upper}, a null bound unbounded.
 *
 * @param field the source field the range bounds
 * @param lower inclusive lower bound as text, or null
 * @param upper exclusive upper bound as text, or null
 */
public record TaskKeyRange(String field, String lower, String upper) {

    /** At most this many tasks from one split: enough for any worker fleet, small enough to list in a run. */
    public static final int MAX_RANGES = 256;

    /**
     * The ranges of a split request, checked to cover every value exactly once: one field, the first without a
     * lower bound, the last without an upper bound, each upper bound the next lower bound. Anything else is refused
     * naming the range at fault, since a gap would lose records and an overlap would read them twice.
     */
    public static List<TaskKeyRange> coveringAll(List<KeyRange> ranges) {
        if (ranges.size() < 2 || ranges.size() > MAX_RANGES) {
            throw CrmsyncException.invalidField("ranges", "must hold 2 to " + MAX_RANGES + " key ranges");
        }
        String field = ranges.get(0).getField();
        SchedulerErrors.require("ranges[0].field", field);
        List<TaskKeyRange> checked = new ArrayList<>(ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            KeyRange range = ranges.get(i);
            String at = "ranges[" + i + "]";
            if (!field.equals(range.getField())) {
                throw CrmsyncException.invalidField(at + ".field", "must be '" + field + "' like the first range's");
            }
            boolean first = i == 0;
            boolean last = i == ranges.size() - 1;
            if (first == range.hasLower()) {
                throw CrmsyncException.invalidField(at + ".lower", first ? "must be unset on the first range"
                        : "is required on every range but the first");
            }
            if (last == range.hasUpper()) {
                throw CrmsyncException.invalidField(at + ".upper", last ? "must be unset on the last range"
                        : "is required on every range but the last");
            }
            if (!first && !Objects.equals(range.getLower(), ranges.get(i - 1).getUpper())) {
                throw CrmsyncException.invalidField(at + ".lower", "must equal the upper bound of ranges[" + (i - 1)
                        + "], so that no record falls between two ranges");
            }
            checked.add(new TaskKeyRange(field, range.hasLower() ? range.getLower() : null,
                    range.hasUpper() ? range.getUpper() : null));
        }
        return checked;
    }
}

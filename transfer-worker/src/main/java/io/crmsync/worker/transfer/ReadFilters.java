package io.crmsync.worker.transfer;

import java.util.List;

import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.FilterIn;
import io.crmsync.proto.config.v1.FilterJunction;
import io.crmsync.proto.config.v1.FilterNullCheck;
import io.crmsync.proto.config.v1.FilterValue;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;

/**
 * What a point reads, as one filter the source connector renders: the point's own filter, or instead its list of
 * record ids ({@code key IN (ids)}: "import these records"), and the integration's account allow-list and
 * deny-list, so the source only returns records of the accounts in scope (m3ter's account sync):
 * {@code account IN (allow)} when an allow-list is set, {@code (account IS NULL OR account NOT IN (deny))} when a
 * deny-list is set. Reading ids through the filter gives every connector that filters the list read for free.
 */
final class ReadFilters {

    private ReadFilters() {
    }

    /**
     * The point's filter (or its record ids on {@code keySourceField}) combined with the integration's account
     * lists; null when nothing restricts the read.
     */
    static FilterExpression readFilter(Integration integration, IntegrationPoint point, String keySourceField) {
        FilterExpression pointFilter = point.getRecordIdsCount() > 0
                ? in(keySourceField, false, point.getRecordIdsList())
                : point.hasFilterExpression() ? point.getFilterExpression() : null;
        if (integration.getAccountAllowListCount() == 0 && integration.getAccountDenyListCount() == 0) {
            return pointFilter;
        }
        FilterJunction.Builder all = FilterJunction.newBuilder();
        if (pointFilter != null) {
            all.addOperands(pointFilter);
        }
        String field = point.getAccountField();
        if (integration.getAccountAllowListCount() > 0) {
            all.addOperands(in(field, false, integration.getAccountAllowListList()));
        }
        if (integration.getAccountDenyListCount() > 0) {
            FilterExpression noAccount = FilterExpression.newBuilder()
                    .setNullCheck(FilterNullCheck.newBuilder().setField(field)).build();
            all.addOperands(FilterExpression.newBuilder().setAnyOf(FilterJunction.newBuilder()
                    .addOperands(noAccount).addOperands(in(field, true, integration.getAccountDenyListList()))));
        }
        return FilterExpression.newBuilder().setAllOf(all).build();
    }

    /** {@code field [NOT] IN (values)}; values are text, which connectors convert to the field's type. */
    private static FilterExpression in(String field, boolean negated, List<String> values) {
        FilterIn.Builder in = FilterIn.newBuilder().setField(field).setNegated(negated);
        values.forEach(v -> in.addValues(FilterValue.newBuilder().setStringValue(v)));
        return FilterExpression.newBuilder().setInList(in).build();
    }
}

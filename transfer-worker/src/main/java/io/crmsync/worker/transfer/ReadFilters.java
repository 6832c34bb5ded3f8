package io.crmsync.worker.transfer;

import java.util.List;

import io.crmsync.proto.config.v1.FilterComparison;
import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.FilterIn;
import io.crmsync.proto.config.v1.FilterJunction;
import io.crmsync.proto.config.v1.FilterNullCheck;
import io.crmsync.proto.config.v1.FilterOperator;
import io.crmsync.proto.config.v1.FilterValue;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.scheduler.v1.RecordKey;

/**
 * What a point reads, as one filter the source connector renders: the point's own filter, or instead its list of
 * record ids ({@code key IN (ids)}: "import these records"), or instead a retry task's record keys (the records an
 * admin asked to retry, whatever the point's filter says); and always the integration's account allow-list and
 * deny-list, so the source only returns records of the accounts in scope (m3ter's account sync):
 * {@code account IN (allow)} when an allow-list is set, {@code (account IS NULL OR account NOT IN (deny))} when a
 * deny-list is set. Reading ids and keys through the filter gives every connector that filters these reads for free.
 */
final class ReadFilters {

    private ReadFilters() {
    }

    /**
     * The records to read (the point's record ids on the first key field, else its filter; for a retry, the task's
     * record keys on {@code keySourceFields} within that) combined with the integration's account lists; null when
     * nothing restricts the read. A retry keeps the point's scope: it re-reads the failed records, but never one
     * the point has since been narrowed to exclude.
     */
    static FilterExpression readFilter(Integration integration, IntegrationPoint point, List<String> keySourceFields,
            List<RecordKey> recordKeys) {
        // What a normal run of the point reads: its record ids, else its filter.
        FilterExpression scope = point.getRecordIdsCount() > 0
                ? in(keySourceFields.isEmpty() ? "" : keySourceFields.get(0), false, point.getRecordIdsList())
                : point.hasFilterExpression() ? point.getFilterExpression() : null;
        FilterExpression pointFilter = scope;
        if (!recordKeys.isEmpty()) {
            pointFilter = scope == null ? keys(keySourceFields, recordKeys)
                    : FilterExpression.newBuilder().setAllOf(FilterJunction.newBuilder().addOperands(scope)
                            .addOperands(keys(keySourceFields, recordKeys))).build();
        }
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

    /**
     * {@code k IN (a, b, ...)} for a one-field key, else {@code (k1 = a AND k2 = b) OR ...}; each record key has
     * one value per key field (checked before, see {@link PointValidator}).
     */
    private static FilterExpression keys(List<String> keySourceFields, List<RecordKey> recordKeys) {
        if (keySourceFields.size() == 1) {
            return in(keySourceFields.get(0), false, recordKeys.stream().map(k -> k.getValues(0)).toList());
        }
        FilterJunction.Builder any = FilterJunction.newBuilder();
        for (RecordKey key : recordKeys) {
            FilterJunction.Builder all = FilterJunction.newBuilder();
            for (int i = 0; i < keySourceFields.size(); i++) {
                all.addOperands(FilterExpression.newBuilder().setComparison(FilterComparison.newBuilder()
                        .setField(keySourceFields.get(i)).setOperator(FilterOperator.FILTER_OPERATOR_EQUAL)
                        .setValue(FilterValue.newBuilder().setStringValue(key.getValues(i)))));
            }
            any.addOperands(FilterExpression.newBuilder().setAllOf(all));
        }
        return recordKeys.size() == 1 ? any.getOperands(0) : FilterExpression.newBuilder().setAnyOf(any).build();
    }

    /** {@code field [NOT] IN (values)}; values are text, which connectors convert to the field's type. */
    private static FilterExpression in(String field, boolean negated, List<String> values) {
        FilterIn.Builder in = FilterIn.newBuilder().setField(field).setNegated(negated);
        values.forEach(v -> in.addValues(FilterValue.newBuilder().setStringValue(v)));
        return FilterExpression.newBuilder().setInList(in).build();
    }
}

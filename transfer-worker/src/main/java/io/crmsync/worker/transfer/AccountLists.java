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
 * An integration's account allow-list and deny-list as part of the read filter, so the source only returns
 * records of the accounts in scope (m3ter's account sync): {@code account IN (allow)} when an allow-list is set,
 * {@code (account IS NULL OR account NOT IN (deny))} when a deny-list is set. Both empty: every record.
 */
final class AccountLists {

    private AccountLists() {
    }

    /** The point's filter combined with the integration's account lists; null when neither restricts. */
    static FilterExpression readFilter(Integration integration, IntegrationPoint point) {
        FilterExpression pointFilter = point.hasFilterExpression() ? point.getFilterExpression() : null;
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

    private static FilterExpression in(String field, boolean negated, List<String> accounts) {
        FilterIn.Builder in = FilterIn.newBuilder().setField(field).setNegated(negated);
        accounts.forEach(a -> in.addValues(FilterValue.newBuilder().setStringValue(a)));
        return FilterExpression.newBuilder().setInList(in).build();
    }
}

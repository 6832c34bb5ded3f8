package io.crmsync.config;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Makes REST-assured send the all-roles token on every request of a @QuarkusTest that sets no Authorization
 * header itself, so tests about endpoints need not think about authentication; classes marked
 * {@link WithoutDefaultToken} send nothing unless they say so. Registered in META-INF/services.
 */
public class DefaultTokenCallback implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        // A filter, not a request specification: a specification would freeze the port before Quarkus sets it.
        List<Filter> filters = new ArrayList<>(RestAssured.filters());
        filters.removeIf(AllRolesToken.class::isInstance);
        if (!context.getTestInstance().getClass().isAnnotationPresent(WithoutDefaultToken.class)) {
            filters.add(new AllRolesToken());
        }
        RestAssured.replaceFiltersWith(filters);
    }

    private static final class AllRolesToken implements Filter {

        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                FilterContext context) {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", "Bearer " + TestTokens.ALL_ROLES);
            }
            return context.next(request, response);
        }
    }
}

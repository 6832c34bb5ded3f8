package io.crmsync.config;

import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import io.restassured.response.ValidatableResponse;

/** Assertions on application/problem+json answers. */
public final class Problems {

    static {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    private Problems() {
    }

    /** Asserts a problem with this status, reason and field (null: no field) and returns it for more checks. */
    public static ValidatableResponse assertProblem(ValidatableResponse response, int status, String reason,
            String field) {
        response.statusCode(status)
                .header("Content-Type", startsWith("application/problem+json"))
                .body("status", equalTo(status))
                .body("reason", equalTo(reason))
                .body("type", endsWith(reason))
                .body("title", not(emptyOrNullString()))
                .body("detail", not(emptyOrNullString()));
        return field == null ? response.body("field", nullValue()) : response.body("field", equalTo(field));
    }
}

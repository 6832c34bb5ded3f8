package io.crmsync.config.endpoint;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The connector family of an endpoint. Only the JDBC types are usable by workers for now; all are stored. */
public enum EndpointType {
    @JsonProperty("postgresql")
    POSTGRESQL("jdbc:postgresql://"),
    @JsonProperty("mariadb")
    MARIADB("jdbc:mariadb://"),
    @JsonProperty("salesforce")
    SALESFORCE(null),
    @JsonProperty("hubspot")
    HUBSPOT(null),
    @JsonProperty("dynamics")
    DYNAMICS(null),
    @JsonProperty("csv")
    CSV(null);

    private final String jdbcPrefix;

    EndpointType(String jdbcPrefix) {
        this.jdbcPrefix = jdbcPrefix;
    }

    public boolean isJdbc() {
        return jdbcPrefix != null;
    }

    /** The prefix every {@code jdbcUrl} of this type starts with; null for non-JDBC types. */
    public String jdbcPrefix() {
        return jdbcPrefix;
    }

    public io.crmsync.proto.config.v1.EndpointType toProto() {
        return io.crmsync.proto.config.v1.EndpointType.valueOf("ENDPOINT_TYPE_" + name());
    }
}

package io.crmsync.worker.connector.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.crmsync.worker.connector.ConnectorException;

class SqlNamesTest {

    @Test
    void shouldDoubleEmbeddedQuotes() {
        assertThat(SqlNames.quote("a\"b")).isEqualTo("\"a\"\"b\"");
    }

    @Test
    void shouldSplitSchemaAndTableOnAnUnquotedDot() {
        assertThat(SqlNames.parseQualified("crm.Contacts")).containsExactly("crm", "Contacts");
        assertThat(SqlNames.parseQualified("Contacts")).containsExactly("Contacts");
    }

    @Test
    void shouldKeepDotsAndQuotesInsideQuotedParts() {
        assertThat(SqlNames.parseQualified("\"my.schema\".\"a\"\"b.c\"")).containsExactly("my.schema", "a\"b.c");
        assertThat(SqlNames.quoteQualified("\"my.schema\".t")).isEqualTo("\"my.schema\".\"t\"");
    }

    @Test
    void shouldRefuseMalformedNames() {
        assertThatThrownBy(() -> SqlNames.parseQualified("a.b.c")).isInstanceOf(ConnectorException.class);
        assertThatThrownBy(() -> SqlNames.parseQualified("\"open")).isInstanceOf(ConnectorException.class);
        assertThatThrownBy(() -> SqlNames.parseQualified("a.")).isInstanceOf(ConnectorException.class);
        assertThatThrownBy(() -> SqlNames.quote("nul\0")).isInstanceOf(ConnectorException.class);
    }
}

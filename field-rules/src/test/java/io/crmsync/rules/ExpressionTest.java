package io.crmsync.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ExpressionTest {

    private static final Map<String, FieldType> TYPES = Map.of("FirstName", FieldType.TEXT, "LastName",
            FieldType.TEXT, "Amount", FieldType.DECIMAL, "Employees", FieldType.INTEGER, "CreatedDate",
            FieldType.LOCAL_TIMESTAMP, "Owner.Name", FieldType.TEXT, "Tags", FieldType.LIST);

    @Test
    void readsFieldsIncludingDotPathsButNotComprehensionVariables() throws Exception {
        assertThat(RuleExpression.referencedFields(
                "FirstName + ' ' + Owner.Name + Tags.map(t, t.upperAscii()).join(',') + string(Tags.size())"))
                .containsExactly("FirstName", "Owner.Name", "Tags");
    }

    @Test
    void evaluatesWithTypesKnown() throws Exception {
        Map<String, Object> record = new HashMap<>();
        record.put("FirstName", " Ada ");
        record.put("LastName", "Lovelace");
        record.put("Amount", new BigDecimal("1250.50"));
        record.put("Employees", 12L);
        record.put("CreatedDate", LocalDateTime.parse("2024-07-01T23:30:00"));
        record.put("Owner.Name", null);
        assertThat(eval("FirstName.trim() + ' ' + LastName.upperAscii()", record)).isEqualTo("Ada LOVELACE");
        assertThat(eval("Amount > 1000.0 ? 'large' : 'small'", record)).isEqualTo("large");
        assertThat(eval("Employees * 2", record)).isEqualTo(24L);
        assertThat(eval("Owner.Name == null ? 'unassigned' : Owner.Name", record)).isEqualTo("unassigned");
        // A wall-clock source time is read in the source zone (Berlin): 23:30 there is 21:30 UTC.
        assertThat(eval("CreatedDate", record)).isEqualTo(OffsetDateTime.parse("2024-07-01T21:30:00Z"));
        assertThat(eval("CreatedDate.getFullYear('Europe/Berlin')", record)).isEqualTo(2024L);
        assertThat(RuleExpression.compile("Amount * 2.0", TYPES).resultType()).isEqualTo(FieldType.DECIMAL);
    }

    @Test
    void typeErrorsAreFoundWhenTypesAreKnown() throws Exception {
        // Saved before the source is described: fields are dyn, so this passes...
        assertThat(RuleExpression.compile("Amount + 'x'", Map.of()).fields()).containsExactly("Amount");
        // ...and validation with the described types finds the mistake, naming where it is.
        assertThatThrownBy(() -> RuleExpression.compile("Amount + 'x'", TYPES))
                .isInstanceOfSatisfying(RuleDefinitionException.class, e -> {
                    assertThat(e.field()).isEqualTo("expression");
                    assertThat(e.getMessage()).startsWith("line 1, column 8: found no matching overload for '_+_'");
                });
    }

    @Test
    void syntaxErrorsAndUnknownFunctionsAreRefusedWhenSaved() {
        assertThatThrownBy(() -> RuleExpression.compile("FirstName +", Map.of()))
                .isInstanceOf(RuleDefinitionException.class).hasMessageContaining("line 1, column 12");
        assertThatThrownBy(() -> RuleExpression.compile("FirstName.shout()", Map.of()))
                .hasMessageContaining("shout");
        assertThatThrownBy(() -> RuleExpression.compile("'x'.repeat(1000000000)", Map.of()))
                .isInstanceOf(RuleDefinitionException.class);
        assertThatThrownBy(() -> RuleExpression.compile("1 +".repeat(3000) + "1", Map.of()))
                .isInstanceOf(RuleDefinitionException.class);
    }

    @Test
    void runtimeErrorsRejectTheRecordWithTheirCause() {
        Map<String, Object> record = Map.of("Employees", 0L);
        assertThatThrownBy(() -> eval("100 / Employees", record)).isInstanceOfSatisfying(ValueRejected.class, e -> {
            assertThat(e.code()).isEqualTo(ValueRejected.EXPRESSION_ERROR);
            assertThat(e.getMessage()).isEqualTo("target field 'f': the expression failed: / by zero");
        });
    }

    @Test
    void costLimitStopsRunawayExpressions() {
        String nested = "[0,1,2,3,4,5,6,7,8,9].map(a, [0,1,2,3,4,5,6,7,8,9].map(b, "
                + "[0,1,2,3,4,5,6,7,8,9].map(c, [0,1,2,3,4,5,6,7,8,9].map(d, a+b+c+d))))";
        assertThatThrownBy(() -> eval(nested, Map.of())).isInstanceOfSatisfying(ValueRejected.class,
                e -> assertThat(e.code()).isEqualTo(ValueRejected.EXPRESSION_COST_EXCEEDED));
    }

    @Test
    void resultsThatNoFieldCanHoldAreRejected() {
        assertThatThrownBy(() -> eval("{'a': 1}", Map.of())).isInstanceOfSatisfying(ValueRejected.class,
                e -> assertThat(e.getMessage()).contains("which no field can hold"));
        assertThat(List.of()).isEmpty();
    }

    private static Object eval(String expression, Map<String, Object> record) throws Exception {
        RuleSpec spec = new RuleSpec("f", RuleSpec.Source.EXPRESSION, expression, null, null, null, null);
        RuleEnvironment env = new RuleEnvironment(TYPES, ZoneId.of("Europe/Berlin"), ZoneOffset.UTC,
                name -> java.util.Optional.empty());
        return CompiledRule.compile(spec, FieldType.OTHER, env).apply(record::get);
    }
}

package io.crmsync.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class LookupAndMultiValueTest {

    private static final Map<String, String> COUNTRIES = Map.of("DE", "Germany", "FR", "France", "1", "One");
    private static final RuleEnvironment ENV = new RuleEnvironment(Map.of(), ZoneOffset.UTC, ZoneOffset.UTC,
            name -> name.equals("countries") ? Optional.of(COUNTRIES) : Optional.empty());

    @Test
    void mappedValuesAreTranslated() throws Exception {
        assertThat(apply(lookup(UnmappedValue.REJECT, null), "DE")).isEqualTo("Germany");
        assertThat(apply(lookup(UnmappedValue.REJECT, null), 1L)).isEqualTo("One");
        assertThat(apply(lookup(UnmappedValue.REJECT, null), null)).isNull();
    }

    @Test
    void unmappedValuesFollowThePolicy() throws Exception {
        assertThat(apply(lookup(UnmappedValue.PASS_THROUGH, null), "XX")).isEqualTo("XX");
        assertThat(apply(lookup(UnmappedValue.DEFAULT, "Other"), "XX")).isEqualTo("Other");
        assertThatThrownBy(() -> apply(lookup(UnmappedValue.REJECT, null), "XX"))
                .isInstanceOfSatisfying(ValueRejected.class, e -> {
                    assertThat(e.code()).isEqualTo(ValueRejected.UNMAPPED_VALUE);
                    assertThat(e.getMessage())
                            .isEqualTo("target field 'country': 'XX' has no row in reference lookup 'countries'");
                });
    }

    @Test
    void policyAndDefaultMustAgree() {
        assertThatThrownBy(() -> lookup(UnmappedValue.DEFAULT, null).check())
                .isInstanceOfSatisfying(RuleDefinitionException.class,
                        e -> assertThat(e.field()).isEqualTo("lookup.default"));
        assertThatThrownBy(() -> lookup(UnmappedValue.REJECT, "x").check())
                .isInstanceOf(RuleDefinitionException.class);
    }

    @Test
    void aMissingLookupIsADefinitionError() {
        RuleSpec spec = new RuleSpec("country", RuleSpec.Source.SOURCE_FIELD, "c", null, null, null,
                new LookupRef("regions", UnmappedValue.REJECT, null));
        assertThatThrownBy(() -> CompiledRule.compile(spec, FieldType.TEXT, ENV))
                .isInstanceOfSatisfying(RuleDefinitionException.class, e -> {
                    assertThat(e.field()).isEqualTo("lookup.name");
                    assertThat(e.getMessage()).isEqualTo("reference lookup 'regions' does not exist");
                });
    }

    @Test
    void multiValuePicklistsAreSplitLookedUpPerValueAndJoined() throws Exception {
        RuleSpec toText = new RuleSpec("countries", RuleSpec.Source.SOURCE_FIELD, "c", null, null,
                new MultiValue(";", ","), new LookupRef("countries", UnmappedValue.PASS_THROUGH, null));
        assertThat(CompiledRule.compile(toText, FieldType.TEXT, ENV).apply(f -> "DE; FR;;XX"))
                .isEqualTo("Germany,France,XX");
        RuleSpec toList = new RuleSpec("countries", RuleSpec.Source.SOURCE_FIELD, "c", null, null,
                new MultiValue(",", null), null);
        assertThat(CompiledRule.compile(toList, FieldType.LIST, ENV).apply(f -> "a, b ,c"))
                .isEqualTo(List.of("a", "b", "c"));
        RuleSpec fromList = new RuleSpec("tags", RuleSpec.Source.SOURCE_FIELD, "c", null, null,
                new MultiValue(null, ";"), null);
        assertThat(CompiledRule.compile(fromList, FieldType.TEXT, ENV).apply(f -> List.of("x", "y")))
                .isEqualTo("x;y");
    }

    @Test
    void multiValueRulesRefuseDateConversions() {
        RuleSpec spec = new RuleSpec("d", RuleSpec.Source.SOURCE_FIELD, "c", Conversion.DATE_ONLY, null,
                new MultiValue(";", ","), null);
        assertThatThrownBy(spec::check).isInstanceOfSatisfying(RuleDefinitionException.class,
                e -> assertThat(e.field()).isEqualTo("conversion"));
    }

    @Test
    void sourceFormatsAreCheckedWhenSaved() {
        assertThatThrownBy(() -> new SourceFormat("dd/MM/yyyy qqqqqq", null, null).check())
                .isInstanceOfSatisfying(RuleDefinitionException.class,
                        e -> assertThat(e.field()).isEqualTo("sourceFormat.date"));
        assertThatThrownBy(() -> new SourceFormat("HH:mm", null, null).check())
                .hasMessageContaining("full date");
        assertThatThrownBy(() -> new SourceFormat(null, ",", ",").check())
                .hasMessageContaining("must differ");
        assertThatThrownBy(() -> new SourceFormat(null, ";", null).check())
                .isInstanceOfSatisfying(RuleDefinitionException.class,
                        e -> assertThat(e.field()).isEqualTo("sourceFormat.decimalSeparator"));
    }

    private static RuleSpec lookup(UnmappedValue policy, String defaultValue) {
        return new RuleSpec("country", RuleSpec.Source.SOURCE_FIELD, "c", null, null, null,
                new LookupRef("countries", policy, defaultValue));
    }

    private static Object apply(RuleSpec spec, Object value) throws Exception {
        return CompiledRule.compile(spec, FieldType.TEXT, ENV).apply(f -> value);
    }
}

package io.crmsync.config.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.crmsync.proto.transfer.v1.FieldDescription;

class AutoMapperTest {

    @Test
    void shouldPairKeysFirstThenExactCaseInsensitiveAndNormalizedNames() {
        // given
        List<FieldDescription> source = List.of(field("Id", false), field("Email", false),
                field("First_Name__c", false), field("external_id", false), field("Phone", false));
        List<FieldDescription> target = List.of(field("email", false), field("firstname", false),
                field("external_id", true), field("Phone", false), field("fax", false));

        // when
        List<AutoMapper.Suggestion> suggestions = AutoMapper.suggest(source, target);

        // then
        assertThat(suggestions).containsExactly(
                new AutoMapper.Suggestion("external_id", "external_id", "exact", true),
                new AutoMapper.Suggestion("email", "Email", "case_insensitive", false),
                new AutoMapper.Suggestion("firstname", "First_Name__c", "normalized", false),
                new AutoMapper.Suggestion("Phone", "Phone", "exact", false));
    }

    @Test
    void shouldUseEachSourceFieldOnce() {
        List<AutoMapper.Suggestion> suggestions = AutoMapper.suggest(List.of(field("Name", false)),
                List.of(field("name", false), field("NAME", false)));
        assertThat(suggestions).hasSize(1);
    }

    private static FieldDescription field(String name, boolean key) {
        return FieldDescription.newBuilder().setName(name).setType("text").setKey(key).build();
    }
}

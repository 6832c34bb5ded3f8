package io.crmsync.config.mapping;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import io.crmsync.proto.transfer.v1.FieldDescription;

/**
 * Suggests source → target field pairs by name: exact first, then ignoring case, then ignoring case,
 * separators and CRM suffixes ({@code First_Name__c} ~ {@code firstname}). Target key fields come first, as
 * the record identifier is the one mapping every integration needs.
 */
final class AutoMapper {

    /** One suggested pair and how sure the name match is. */
    record Suggestion(String targetField, String sourceField, String match, boolean key) {
    }

    private AutoMapper() {
    }

    static List<Suggestion> suggest(List<FieldDescription> source, List<FieldDescription> target) {
        List<FieldDescription> ordered = new ArrayList<>(target.stream().filter(FieldDescription::getKey).toList());
        target.stream().filter(f -> !f.getKey()).forEach(ordered::add);
        Set<String> used = new HashSet<>();
        List<Suggestion> suggestions = new ArrayList<>();
        for (FieldDescription wanted : ordered) {
            Suggestion found = find(wanted, source, used, "exact", Function.identity());
            if (found == null) {
                found = find(wanted, source, used, "case_insensitive", n -> n.toLowerCase(Locale.ROOT));
            }
            if (found == null) {
                found = find(wanted, source, used, "normalized", AutoMapper::normalize);
            }
            if (found != null) {
                used.add(found.sourceField());
                suggestions.add(found);
            }
        }
        return suggestions;
    }

    private static Suggestion find(FieldDescription wanted, List<FieldDescription> source, Set<String> used,
            String match, Function<String, String> form) {
        String name = form.apply(wanted.getName());
        for (FieldDescription candidate : source) {
            if (!used.contains(candidate.getName()) && form.apply(candidate.getName()).equals(name)) {
                return new Suggestion(wanted.getName(), candidate.getName(), match, wanted.getKey());
            }
        }
        return null;
    }

    static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith("__c")) {
            lower = lower.substring(0, lower.length() - 3);
        }
        return lower.replaceAll("[^a-z0-9]", "");
    }
}

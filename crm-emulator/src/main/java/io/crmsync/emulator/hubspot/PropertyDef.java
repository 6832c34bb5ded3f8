package io.crmsync.emulator.hubspot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One property of an object type as the properties API describes it.
 *
 * @param name internal name, e.g. {@code lastmodifieddate}
 * @param type {@code string}, {@code number}, {@code datetime}, {@code date}, {@code bool} or {@code enumeration}
 * @param fieldType the form control, e.g. {@code text}, {@code number}, {@code select}, {@code booleancheckbox}
 * @param unique whether HubSpot enforces unique values (usable as {@code idProperty})
 * @param readOnly whether only HubSpot sets the value ({@code modificationMetadata.readOnlyValue})
 * @param options allowed values of an enumeration, else empty
 * @param hubspotDefined false for the portal's custom properties
 */
record PropertyDef(String name, String label, String type, String fieldType, boolean unique, boolean readOnly,
        List<String> options, boolean hubspotDefined) {

    static PropertyDef text(String name, String label) {
        return new PropertyDef(name, label, "string", "text", false, false, List.of(), true);
    }

    static PropertyDef number(String name, String label) {
        return new PropertyDef(name, label, "number", "number", false, false, List.of(), true);
    }

    static PropertyDef readOnly(String name, String label, String type) {
        return new PropertyDef(name, label, type, type.equals("number") ? "number" : "text", false, true, List.of(),
                true);
    }

    static PropertyDef select(String name, String label, String... options) {
        return new PropertyDef(name, label, "enumeration", "select", false, false, List.of(options), true);
    }

    /** The portal's own unique text property, the kind an integration upserts by. */
    static PropertyDef customUnique(String name, String label) {
        return new PropertyDef(name, label, "string", "text", true, false, List.of(), false);
    }

    /** The properties API entry. */
    Map<String, Object> describe(String groupName, int order) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("updatedAt", "2023-03-01T10:00:00.000Z");
        m.put("createdAt", "2019-08-06T02:41:08.000Z");
        m.put("name", name);
        m.put("label", label);
        m.put("type", type);
        m.put("fieldType", fieldType);
        m.put("description", "");
        m.put("groupName", groupName);
        List<Map<String, Object>> opts = new java.util.ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            opts.add(Map.of("label", options.get(i), "value", options.get(i), "displayOrder", i, "hidden", false));
        }
        m.put("options", opts);
        m.put("displayOrder", order);
        m.put("calculated", false);
        m.put("externalOptions", false);
        m.put("hasUniqueValue", unique);
        m.put("hidden", false);
        m.put("hubspotDefined", hubspotDefined);
        m.put("modificationMetadata", Map.of("archivable", !hubspotDefined, "readOnlyDefinition", hubspotDefined,
                "readOnlyValue", readOnly));
        m.put("formField", !readOnly);
        return m;
    }
}

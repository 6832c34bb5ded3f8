package io.crmsync.emulator.salesforce;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the emulator knows about one sObject type: its key prefix, fields and required fields. Field names are
 * case-insensitive in SOQL and in request bodies, as in Salesforce; answers use the canonical spelling.
 */
record ObjectSchema(String name, String keyPrefix, String labelPlural, Map<String, FieldDef> fields,
        List<String> required) {

    static ObjectSchema of(String name, String keyPrefix, String labelPlural, List<String> required,
            FieldDef... custom) {
        Map<String, FieldDef> fields = new LinkedHashMap<>();
        for (FieldDef f : List.of(FieldDef.system("Id", "id", "Record ID"),
                FieldDef.system("IsDeleted", "boolean", "Deleted"))) {
            fields.put(f.name().toLowerCase(Locale.ROOT), f);
        }
        for (FieldDef f : custom) {
            fields.put(f.name().toLowerCase(Locale.ROOT), f);
        }
        for (FieldDef f : List.of(FieldDef.system("CreatedDate", "datetime", "Created Date"),
                FieldDef.system("LastModifiedDate", "datetime", "Last Modified Date"),
                FieldDef.system("SystemModstamp", "datetime", "System Modstamp"))) {
            fields.put(f.name().toLowerCase(Locale.ROOT), f);
        }
        return new ObjectSchema(name, keyPrefix, labelPlural, Collections.unmodifiableMap(fields),
                List.copyOf(required));
    }

    static ObjectSchema contact() {
        return of("Contact", "003", "Contacts", List.of("LastName"),
                FieldDef.field("AccountId", "reference", "Account ID", true),
                FieldDef.field("FirstName", "string", "First Name", true),
                FieldDef.field("LastName", "string", "Last Name", false),
                new FieldDef("Name", "string", "Full Name", false, false, false, false, false, 121),
                FieldDef.field("Email", "email", "Email", true),
                FieldDef.field("Phone", "phone", "Business Phone", true),
                FieldDef.field("MobilePhone", "phone", "Mobile Phone", true),
                FieldDef.field("Title", "string", "Title", true),
                FieldDef.field("MailingCity", "string", "Mailing City", true),
                FieldDef.field("MailingCountry", "string", "Mailing Country", true),
                FieldDef.field("Birthdate", "date", "Birthdate", true),
                FieldDef.field("HasOptedOutOfEmail", "boolean", "Email Opt Out", false),
                FieldDef.externalId("External_Id__c", "External Id"));
    }

    static ObjectSchema account() {
        return of("Account", "001", "Accounts", List.of("Name"),
                FieldDef.field("Name", "string", "Account Name", false),
                FieldDef.field("Industry", "picklist", "Industry", true),
                FieldDef.field("Phone", "phone", "Account Phone", true),
                FieldDef.field("Website", "url", "Website", true),
                FieldDef.field("AnnualRevenue", "currency", "Annual Revenue", true),
                FieldDef.field("NumberOfEmployees", "int", "Employees", true),
                FieldDef.field("BillingCity", "string", "Billing City", true),
                FieldDef.field("BillingCountry", "string", "Billing Country", true),
                FieldDef.externalId("External_Id__c", "External Id"));
    }

    /** The field with this name in any letter case, or null. */
    FieldDef field(String anyCase) {
        return fields.get(anyCase.toLowerCase(Locale.ROOT));
    }

    /** The describe body, with every key the real one has so strict client deserializers do not trip. */
    Map<String, Object> describe(String version) {
        String base = "/services/data/" + version + "/sobjects/" + name;
        List<Map<String, Object>> fieldList = new ArrayList<>();
        for (FieldDef f : fields.values()) {
            fieldList.add(describeField(f));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("fields", fieldList);
        d.put("label", name);
        d.put("custom", false);
        d.put("keyPrefix", keyPrefix);
        d.put("labelPlural", labelPlural);
        d.put("layoutable", true);
        d.put("activateable", false);
        d.put("updateable", true);
        Map<String, Object> urls = new LinkedHashMap<>();
        urls.put("uiEditTemplate", "/{ID}/e");
        urls.put("sobject", base);
        urls.put("uiDetailTemplate", "/{ID}");
        urls.put("describe", base + "/describe");
        urls.put("rowTemplate", base + "/{ID}");
        urls.put("uiNewRecord", "/" + keyPrefix + "/e");
        d.put("urls", urls);
        d.put("searchable", true);
        d.put("childRelationships", List.of());
        d.put("createable", true);
        d.put("customSetting", false);
        d.put("deletable", true);
        d.put("deprecatedAndHidden", false);
        d.put("feedEnabled", false);
        d.put("listviewable", null);
        d.put("lookupLayoutable", null);
        d.put("mergeable", true);
        d.put("queryable", true);
        Map<String, Object> master = new LinkedHashMap<>();
        master.put("name", "Master");
        master.put("available", true);
        master.put("recordTypeId", "012000000000000AAA");
        master.put("defaultRecordTypeMapping", true);
        d.put("recordTypeInfos", List.of(master));
        d.put("replicateable", true);
        d.put("retrieveable", true);
        d.put("searchLayoutable", null);
        d.put("undeletable", true);
        d.put("triggerable", true);
        return d;
    }

    private static Map<String, Object> describeField(FieldDef f) {
        boolean custom = f.name().endsWith("__c");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("length", f.length());
        m.put("name", f.name());
        m.put("type", f.type());
        m.put("defaultValue", null);
        m.put("label", f.label());
        m.put("updateable", f.updateable());
        m.put("calculated", f.name().equals("Name") && !f.createable());
        m.put("controllerName", null);
        m.put("nillable", f.nillable());
        m.put("unique", f.unique());
        m.put("precision", f.type().equals("currency") ? 18 : 0);
        m.put("scale", f.type().equals("currency") ? 2 : 0);
        m.put("caseSensitive", false);
        m.put("byteLength", f.length() * 3);
        m.put("inlineHelpText", null);
        m.put("nameField", f.name().equals("Name"));
        m.put("externalId", f.externalId());
        m.put("idLookup", f.type().equals("id") || f.externalId() || f.type().equals("email"));
        m.put("filterable", true);
        m.put("soapType", soapType(f.type()));
        m.put("createable", f.createable());
        m.put("deprecatedAndHidden", false);
        m.put("autoNumber", false);
        m.put("calculatedFormula", null);
        m.put("defaultValueFormula", null);
        m.put("defaultedOnCreate", !f.createable() || f.type().equals("boolean"));
        m.put("digits", f.type().equals("int") ? 8 : 0);
        m.put("groupable", !f.isNumber() && !f.type().equals("datetime"));
        m.put("picklistValues", f.type().equals("picklist") ? picklist() : List.of());
        m.put("referenceTo", f.type().equals("reference") ? List.of("Account") : List.of());
        m.put("relationshipName", f.type().equals("reference") ? "Account" : null);
        m.put("relationshipOrder", null);
        m.put("restrictedPicklist", false);
        m.put("namePointing", false);
        m.put("custom", custom);
        m.put("htmlFormatted", false);
        m.put("dependentPicklist", false);
        m.put("writeRequiresMasterRead", false);
        m.put("sortable", true);
        return m;
    }

    private static List<Map<String, Object>> picklist() {
        List<Map<String, Object>> values = new ArrayList<>();
        for (String v : List.of("Banking", "Energy", "Retail", "Technology")) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("value", v);
            p.put("active", true);
            p.put("label", v);
            p.put("defaultValue", false);
            p.put("validFor", null);
            values.add(p);
        }
        return values;
    }

    private static String soapType(String type) {
        return switch (type) {
            case "id", "reference" -> "tns:ID";
            case "boolean" -> "xsd:boolean";
            case "datetime" -> "xsd:dateTime";
            case "date" -> "xsd:date";
            case "int" -> "xsd:int";
            case "double", "currency", "percent" -> "xsd:double";
            default -> "xsd:string";
        };
    }
}

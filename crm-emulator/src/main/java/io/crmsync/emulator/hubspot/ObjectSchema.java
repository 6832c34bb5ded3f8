package io.crmsync.emulator.hubspot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One object type: its names, its properties and which of them HubSpot sets itself. Contacts keep their modification
 * time in {@code lastmodifieddate}, every other object in {@code hs_lastmodifieddate}, as the real portal does.
 *
 * @param name the path name, e.g. {@code contacts}
 * @param typeId the object type id, e.g. {@code 0-1}, also accepted in paths
 * @param label the singular label used in messages, e.g. {@code Contact}
 */
record ObjectSchema(String name, String typeId, String label, String modifiedProperty, List<String> defaults,
        Map<String, PropertyDef> properties) {

    static ObjectSchema contacts() {
        return of("contacts", "0-1", "Contact", "lastmodifieddate",
                List.of("firstname", "lastname", "email"),
                PropertyDef.text("email", "Email"), PropertyDef.text("firstname", "First Name"),
                PropertyDef.text("lastname", "Last Name"), PropertyDef.text("phone", "Phone Number"),
                PropertyDef.text("city", "City"), PropertyDef.text("company", "Company Name"),
                PropertyDef.text("jobtitle", "Job Title"),
                PropertyDef.select("lifecyclestage", "Lifecycle Stage", "subscriber", "lead", "opportunity",
                        "customer"),
                PropertyDef.number("annualrevenue", "Annual Revenue"),
                new PropertyDef("date_of_birth", "Date of birth", "date", "date", false, false, List.of(), true),
                new PropertyDef("vip", "VIP", "bool", "booleancheckbox", false, false, List.of("true", "false"),
                        false),
                PropertyDef.customUnique("external_id", "External ID"));
    }

    static ObjectSchema companies() {
        return of("companies", "0-2", "Company", "hs_lastmodifieddate", List.of("name", "domain"),
                PropertyDef.text("name", "Company name"), PropertyDef.text("domain", "Company Domain Name"),
                PropertyDef.text("city", "City"),
                PropertyDef.select("industry", "Industry", "BANKING", "RETAIL", "COMPUTER_SOFTWARE", "UTILITIES"),
                PropertyDef.number("numberofemployees", "Number of Employees"),
                PropertyDef.number("annualrevenue", "Annual Revenue"),
                PropertyDef.customUnique("external_id", "External ID"));
    }

    static ObjectSchema deals() {
        return of("deals", "0-3", "Deal", "hs_lastmodifieddate",
                List.of("dealname", "amount", "closedate", "pipeline", "dealstage"),
                PropertyDef.text("dealname", "Deal Name"), PropertyDef.number("amount", "Amount"),
                new PropertyDef("closedate", "Close Date", "datetime", "date", false, false, List.of(), true),
                PropertyDef.text("pipeline", "Pipeline"),
                PropertyDef.select("dealstage", "Deal Stage", "appointmentscheduled", "qualifiedtobuy",
                        "closedwon", "closedlost"),
                PropertyDef.customUnique("external_id", "External ID"));
    }

    private static ObjectSchema of(String name, String typeId, String label, String modified, List<String> defaults,
            PropertyDef... own) {
        Map<String, PropertyDef> props = new LinkedHashMap<>();
        for (PropertyDef p : own) {
            props.put(p.name(), p);
        }
        props.put("hs_object_id", PropertyDef.readOnly("hs_object_id", "Record ID", "number"));
        props.put("createdate", PropertyDef.readOnly("createdate", "Create Date", "datetime"));
        props.put(modified, PropertyDef.readOnly(modified, "Last Modified Date", "datetime"));
        List<String> all = new ArrayList<>(defaults);
        all.addAll(List.of("createdate", modified, "hs_object_id"));
        return new ObjectSchema(name, typeId, label, modified, List.copyOf(all), props);
    }

    PropertyDef property(String name) {
        return properties.get(name);
    }

    /** Whether the property may serve as {@code idProperty}: a unique one, or a contact's email. */
    boolean isIdProperty(String name) {
        PropertyDef p = properties.get(name);
        return p != null && (p.unique() || name.equals("email") && this.name.equals("contacts"));
    }

    /** Unique values HubSpot enforces besides the id: custom unique properties and a contact's email. */
    List<String> uniqueProperties() {
        return properties.values().stream().filter(p -> isIdProperty(p.name())).map(PropertyDef::name).toList();
    }
}

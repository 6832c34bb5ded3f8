package io.crmsync.emulator.dataverse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.nio.charset.StandardCharsets;

/**
 * A Dataverse table: logical name, entity set, primary id, columns and alternate keys, and its
 * {@code EntityDefinitions} metadata answer.
 */
final class TableSchema {

    /** An alternate key: its logical name and its columns. */
    record AltKey(String name, List<String> columns) {
    }

    final String logicalName;
    final String entitySet;
    final String primaryId;
    final String primaryName;
    final Map<String, Column> columns = new LinkedHashMap<>();
    final List<AltKey> keys = new ArrayList<>();
    volatile boolean changeTracking = true;

    private TableSchema(String logicalName, String entitySet, String primaryId, String primaryName) {
        this.logicalName = logicalName;
        this.entitySet = entitySet;
        this.primaryId = primaryId;
        this.primaryName = primaryName;
    }

    private TableSchema add(Column c) {
        columns.put(c.name(), c);
        return this;
    }

    static TableSchema contact() {
        TableSchema t = new TableSchema("contact", "contacts", "contactid", "fullname");
        t.add(Column.system("contactid", Column.Type.GUID))
                .add(Column.text("firstname", 50))
                .add(Column.text("lastname", 50).required("ApplicationRequired"))
                .add(new Column("fullname", Column.Type.STRING, 160, true, "None"))
                .add(Column.text("emailaddress1", 100))
                .add(Column.text("telephone1", 50))
                .add(Column.text("address1_city", 80))
                .add(Column.text("crmsync_externalid", 100))
                .add(Column.of("numberofchildren", Column.Type.INTEGER))
                .add(Column.of("donotemail", Column.Type.BOOLEAN))
                .add(Column.system("createdon", Column.Type.DATETIME))
                .add(Column.system("modifiedon", Column.Type.DATETIME))
                .add(Column.system("versionnumber", Column.Type.BIGINT));
        t.keys.add(new AltKey("crmsync_externalid_key", List.of("crmsync_externalid")));
        return t;
    }

    static TableSchema account() {
        TableSchema t = new TableSchema("account", "accounts", "accountid", "name");
        t.add(Column.system("accountid", Column.Type.GUID))
                .add(Column.text("name", 160).required("ApplicationRequired"))
                .add(Column.text("accountnumber", 20))
                .add(Column.of("revenue", Column.Type.MONEY))
                .add(Column.of("numberofemployees", Column.Type.INTEGER))
                .add(Column.text("telephone1", 50))
                .add(Column.text("fax", 50))
                .add(Column.text("address1_city", 80))
                .add(Column.system("createdon", Column.Type.DATETIME))
                .add(Column.system("modifiedon", Column.Type.DATETIME))
                .add(Column.system("versionnumber", Column.Type.BIGINT));
        t.keys.add(new AltKey("accountnumber_key", List.of("accountnumber")));
        return t;
    }

    /**
     * The audit log ({@code audits}), read-only: one row per audited operation; the emulator audits deletes
     * (operation 3) of every table, with the deleted row's id in {@code _objectid_value}.
     */
    static TableSchema audit() {
        TableSchema t = new TableSchema("audit", "audits", "auditid", "auditid");
        t.add(Column.system("auditid", Column.Type.GUID))
                .add(Column.system("createdon", Column.Type.DATETIME))
                .add(Column.system("operation", Column.Type.INTEGER))
                .add(Column.system("action", Column.Type.INTEGER))
                .add(Column.system("objecttypecode", Column.Type.STRING))
                .add(Column.system("_objectid_value", Column.Type.GUID));
        t.changeTracking = false;
        return t;
    }

    /** The OData type name messages use, e.g. {@code Microsoft.Dynamics.CRM.contact}. */
    String odataType() {
        return "Microsoft.Dynamics.CRM." + logicalName;
    }

    /** The column, or the 400 Dataverse answers for a property the type lacks. */
    Column require(String name) {
        Column c = columns.get(name);
        if (c == null) {
            throw DvException.badRequest("Could not find a property named '" + name + "' on type '" + odataType()
                    + "'.");
        }
        return c;
    }

    /** The {@code EntityDefinitions(LogicalName='…')} answer; Attributes and Keys only when expanded. */
    Map<String, Object> metadata(String context, boolean attributes, boolean keys) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("@odata.context", context);
        m.put("MetadataId", stableId("entity:" + logicalName));
        m.put("LogicalName", logicalName);
        m.put("SchemaName", Character.toUpperCase(logicalName.charAt(0)) + logicalName.substring(1));
        m.put("EntitySetName", entitySet);
        m.put("LogicalCollectionName", entitySet);
        m.put("PrimaryIdAttribute", primaryId);
        m.put("PrimaryNameAttribute", primaryName);
        m.put("ChangeTrackingEnabled", changeTracking);
        m.put("IsCustomEntity", false);
        if (attributes) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Column c : columns.values()) {
                list.add(attribute(c));
            }
            m.put("Attributes", list);
        }
        if (keys) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (AltKey k : keys()) {
                Map<String, Object> key = new LinkedHashMap<>();
                key.put("MetadataId", stableId("key:" + logicalName + "." + k.name()));
                key.put("LogicalName", k.name());
                key.put("KeyAttributes", k.columns());
                key.put("EntityKeyIndexStatus", "Active");
                list.add(key);
            }
            m.put("Keys", list);
        }
        return m;
    }

    List<AltKey> keys() {
        return keys;
    }

    private Map<String, Object> attribute(Column c) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("@odata.type", "#Microsoft.Dynamics.CRM." + c.type().attributeType + "AttributeMetadata");
        a.put("MetadataId", stableId("attr:" + logicalName + "." + c.name()));
        a.put("LogicalName", c.name());
        a.put("AttributeType", c.type().attributeType);
        a.put("AttributeTypeName", Map.of("Value", c.type().attributeType + "Type"));
        a.put("IsPrimaryId", c.name().equals(primaryId));
        a.put("IsPrimaryName", c.name().equals(primaryName));
        a.put("IsValidForRead", true);
        a.put("IsValidForCreate", !c.system() || c.name().equals(primaryId));
        a.put("IsValidForUpdate", !c.system());
        a.put("RequiredLevel", Map.of("Value", c.required(), "CanBeChanged", !c.system(),
                "ManagedPropertyLogicalName", "canmodifyrequirementlevelsettings"));
        if (c.type() == Column.Type.STRING) {
            a.put("MaxLength", c.maxLength());
        }
        if (c.type() == Column.Type.DATETIME) {
            a.put("Format", "DateAndTime");
            a.put("DateTimeBehavior", Map.of("Value", "UserLocal"));
        }
        if (c.type() == Column.Type.MONEY) {
            a.put("Precision", 2);
        }
        return a;
    }

    private static String stableId(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }
}

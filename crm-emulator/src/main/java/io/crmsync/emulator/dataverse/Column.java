package io.crmsync.emulator.dataverse;

/**
 * One column (attribute) of a table.
 *
 * @param name the logical name, e.g. {@code emailaddress1}
 * @param type the attribute type
 * @param maxLength for text columns, the longest value accepted (longer → validation error 0x80044331)
 * @param system set by the server only (ids, stamps); values written by clients are ignored
 * @param required the RequiredLevel Dataverse reports ({@code None}, {@code ApplicationRequired}, {@code SystemRequired})
 */
record Column(String name, Type type, int maxLength, boolean system, String required) {

    /** Attribute types with their metadata name and the EDM type OData messages name. */
    enum Type {
        GUID("Uniqueidentifier", "Edm.Guid"),
        STRING("String", "Edm.String"),
        INTEGER("Integer", "Edm.Int32"),
        BIGINT("BigInt", "Edm.Int64"),
        MONEY("Money", "Edm.Decimal"),
        BOOLEAN("Boolean", "Edm.Boolean"),
        DATETIME("DateTime", "Edm.DateTimeOffset");

        final String attributeType;
        final String edm;

        Type(String attributeType, String edm) {
            this.attributeType = attributeType;
            this.edm = edm;
        }
    }

    static Column text(String name, int maxLength) {
        return new Column(name, Type.STRING, maxLength, false, "None");
    }

    static Column of(String name, Type type) {
        return new Column(name, type, 0, false, "None");
    }

    static Column system(String name, Type type) {
        return new Column(name, type, 0, true, "SystemRequired");
    }

    Column required(String level) {
        return new Column(name, type, maxLength, system, level);
    }
}

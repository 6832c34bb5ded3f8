package io.crmsync.emulator.salesforce;

/** One field of an sObject as describe reports it; {@code type} is the Salesforce field type name. */
record FieldDef(String name, String type, String label, boolean nillable, boolean externalId, boolean unique,
        boolean createable, boolean updateable, int length) {

    static FieldDef system(String name, String type, String label) {
        return new FieldDef(name, type, label, false, false, false, false, false, lengthOf(type));
    }

    static FieldDef field(String name, String type, String label, boolean nillable) {
        return new FieldDef(name, type, label, nillable, false, false, true, true, lengthOf(type));
    }

    static FieldDef externalId(String name, String label) {
        return new FieldDef(name, "string", label, true, true, true, true, true, 255);
    }

    private static int lengthOf(String type) {
        return switch (type) {
            case "id", "reference" -> 18;
            case "string", "email", "picklist", "url", "textarea" -> 255;
            case "phone" -> 40;
            default -> 0;
        };
    }

    boolean isText() {
        return switch (type) {
            case "id", "reference", "string", "email", "phone", "picklist", "url", "textarea" -> true;
            default -> false;
        };
    }

    boolean isNumber() {
        return switch (type) {
            case "double", "currency", "percent", "int" -> true;
            default -> false;
        };
    }
}

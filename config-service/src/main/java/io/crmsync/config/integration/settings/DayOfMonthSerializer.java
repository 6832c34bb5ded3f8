package io.crmsync.config.integration.settings;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/** Writes {@code "15"} as {@code 15} and {@code "last"} as {@code "last"}, as admins wrote them. */
public final class DayOfMonthSerializer extends StdSerializer<String> {

    public DayOfMonthSerializer() {
        super(String.class);
    }

    @Override
    public void serialize(String value, JsonGenerator out, SerializerProvider provider) throws IOException {
        if (value.chars().allMatch(Character::isDigit) && !value.isEmpty() && value.length() < 3) {
            out.writeNumber(Integer.parseInt(value));
        } else {
            out.writeString(value);
        }
    }
}

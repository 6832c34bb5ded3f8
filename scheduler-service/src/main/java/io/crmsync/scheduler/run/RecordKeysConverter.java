package io.crmsync.scheduler.run;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores a task's record keys as a JSON array of arrays of strings (column {@code tasks.record_keys}, jsonb): keys
 * may have several values, and values may hold any character, which a flat {@code text[]} could not keep apart.
 */
@Converter
public class RecordKeysConverter implements AttributeConverter<List<List<String>>, String> {

    @Override
    public String convertToDatabaseColumn(List<List<String>> keys) {
        if (keys == null) {
            return null;
        }
        JsonArray json = new JsonArray();
        keys.forEach(values -> json.add(new JsonArray(new ArrayList<Object>(values))));
        return json.encode();
    }

    @Override
    public List<List<String>> convertToEntityAttribute(String column) {
        if (column == null) {
            return null;
        }
        JsonArray json = new JsonArray(column);
        List<List<String>> keys = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            JsonArray values = json.getJsonArray(i);
            List<String> key = new ArrayList<>(values.size());
            for (int v = 0; v < values.size(); v++) {
                key.add(values.getString(v));
            }
            keys.add(List.copyOf(key));
        }
        return List.copyOf(keys);
    }
}

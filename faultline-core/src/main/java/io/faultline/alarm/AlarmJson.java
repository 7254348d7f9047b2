package io.faultline.alarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** JSON text for history details and webhook bodies (records, or plain maps and lists). */
public final class AlarmJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private AlarmJson() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serializable as JSON: " + value, e);
    }
  }

  /** A record's JSON object as a map by key, to compare or filter documents by attribute name. */
  public static Map<String, Object> toMap(Object value) {
    return MAPPER.convertValue(value, OBJECT);
  }
}

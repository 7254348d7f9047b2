package io.faultline.alarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON text for history details and webhook bodies (their values are plain maps and lists). */
public final class AlarmJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AlarmJson() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serializable as JSON: " + value, e);
    }
  }
}

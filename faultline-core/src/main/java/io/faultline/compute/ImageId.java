package io.faultline.compute;

import static java.util.Objects.requireNonNull;

/** Identifier of an {@link Image}. */
public record ImageId(String value) {
  public ImageId {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("image id is blank");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}

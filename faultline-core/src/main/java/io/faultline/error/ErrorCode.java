package io.faultline.error;

/**
 * Every error Faultline reports, with the HTTP status it maps to. APIs render these in their own
 * fault shapes (Keystone, Nova, Neutron, Aodh); the code itself is stable and greppable.
 */
public enum ErrorCode {
  BAD_REQUEST(Category.USER, 400),
  MALFORMED_JSON(Category.USER, 400),
  UNAUTHENTICATED(Category.USER, 401),
  FORBIDDEN(Category.USER, 403),
  NOT_FOUND(Category.USER, 404),
  METHOD_NOT_ALLOWED(Category.USER, 405),
  NOT_ACCEPTABLE(Category.USER, 406),
  CONFLICT(Category.USER, 409),
  PRECONDITION_FAILED(Category.USER, 412),
  PAYLOAD_TOO_LARGE(Category.USER, 413),
  UNSUPPORTED_MEDIA_TYPE(Category.USER, 415),
  INTERNAL(Category.INTERNAL, 500),
  /** A capability this deployment does not have (Nova's 501 for a driver lacking a function). */
  NOT_IMPLEMENTED(Category.USER, 501),
  UNAVAILABLE(Category.EXTERNAL, 503);

  /** Whose fault an error is: the caller's, ours, or a dependency's. */
  public enum Category {
    USER,
    INTERNAL,
    EXTERNAL
  }

  private final Category category;
  private final int httpStatus;

  ErrorCode(Category category, int httpStatus) {
    this.category = category;
    this.httpStatus = httpStatus;
  }

  public Category category() {
    return category;
  }

  public int httpStatus() {
    return httpStatus;
  }
}

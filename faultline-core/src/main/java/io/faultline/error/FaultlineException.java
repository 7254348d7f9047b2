package io.faultline.error;

import static java.util.Objects.requireNonNull;

/** The one exception type: an {@link ErrorCode} and a message that tells the caller what to fix. */
public final class FaultlineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public FaultlineException(ErrorCode code, String message) {
    super(requireNonNull(message, "message is null"));
    this.code = requireNonNull(code, "code is null");
  }

  public FaultlineException(ErrorCode code, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.code = requireNonNull(code, "code is null");
  }

  public ErrorCode code() {
    return code;
  }

  public static FaultlineException badRequest(String message) {
    return new FaultlineException(ErrorCode.BAD_REQUEST, message);
  }

  public static FaultlineException notFound(String message) {
    return new FaultlineException(ErrorCode.NOT_FOUND, message);
  }

  public static FaultlineException conflict(String message) {
    return new FaultlineException(ErrorCode.CONFLICT, message);
  }

  public static FaultlineException forbidden(String message) {
    return new FaultlineException(ErrorCode.FORBIDDEN, message);
  }
}

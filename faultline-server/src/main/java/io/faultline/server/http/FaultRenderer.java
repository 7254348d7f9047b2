package io.faultline.server.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.faultline.error.ErrorCode;
import java.util.Map;

/** Renders an error in the fault shape of the service the request went to. */
final class FaultRenderer {
  private FaultRenderer() {}

  static Object render(Service service, ErrorCode code, int status, String message) {
    return switch (service) {
      case IDENTITY -> new KeystoneError(new KeystoneFault(status, message, title(status)));
      // Nova names its fault after the status ({"itemNotFound": {...}}): the one key varies.
      case COMPUTE -> Map.of(novaFaultName(status), new NovaFault(status, message));
      case NETWORK -> new NeutronError(new NeutronFault(neutronType(code), message, ""));
      case ALARMING ->
          new AodhError(new AodhFault(status < 500 ? "Client" : "Server", message, null));
      case IMAGE, FAULTLINE -> new PlainError(new PlainFault(status, title(status), message));
    };
  }

  /** Keystone's {@code {"error": {"code", "message", "title"}}}. */
  record KeystoneError(KeystoneFault error) {}

  record KeystoneFault(int code, String message, String title) {}

  /** The body under Nova's fault name. */
  record NovaFault(int code, String message) {}

  /** Neutron's {@code {"NeutronError": {"type", "message", "detail"}}}. */
  record NeutronError(@JsonProperty("NeutronError") NeutronFault neutronError) {}

  record NeutronFault(String type, String message, String detail) {}

  /** Aodh's (WSME's) {@code {"error_message": {"faultcode", "faultstring", "debuginfo"}}}. */
  record AodhError(@JsonProperty("error_message") AodhFault errorMessage) {}

  record AodhFault(String faultcode, String faultstring, String debuginfo) {}

  /** Glance's and Faultline's own {@code {"error": {"code", "title", "message"}}}. */
  record PlainError(PlainFault error) {}

  record PlainFault(int code, String title, String message) {}

  static String novaFaultName(int status) {
    return switch (status) {
      case 400 -> "badRequest";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "itemNotFound";
      case 405 -> "badMethod";
      case 409 -> "conflictingRequest";
      case 413, 429 -> "overLimit";
      case 415 -> "badMediaType";
      case 501 -> "notImplemented";
      case 503 -> "serviceUnavailable";
      default -> "computeFault";
    };
  }

  private static String neutronType(ErrorCode code) {
    return switch (code) {
      case BAD_REQUEST, MALFORMED_JSON -> "HTTPBadRequest";
      case UNAUTHENTICATED -> "HTTPUnauthorized";
      case FORBIDDEN -> "PolicyNotAuthorized";
      case NOT_FOUND -> "HTTPNotFound";
      case METHOD_NOT_ALLOWED -> "HTTPMethodNotAllowed";
      case NOT_ACCEPTABLE -> "HTTPNotAcceptable";
      case REQUEST_TIMEOUT -> "HTTPRequestTimeout";
      case CONFLICT -> "Conflict";
      case PRECONDITION_FAILED -> "RevisionNumberConstraintFailed";
      case PAYLOAD_TOO_LARGE -> "HTTPRequestEntityTooLarge";
      case UNSUPPORTED_MEDIA_TYPE -> "HTTPUnsupportedMediaType";
      case TOO_MANY_REQUESTS -> "HTTPTooManyRequests";
      case INTERNAL -> "HTTPInternalServerError";
      case NOT_IMPLEMENTED -> "HTTPNotImplemented";
      case UNAVAILABLE -> "ServiceUnavailable";
    };
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 412 -> "Precondition Failed";
      case 413 -> "Request Entity Too Large";
      case 415 -> "Unsupported Media Type";
      case 429 -> "Too Many Requests";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }
}

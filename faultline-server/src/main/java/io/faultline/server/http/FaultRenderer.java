package io.faultline.server.http;

import io.faultline.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders an error in the fault shape of the service the request went to. */
final class FaultRenderer {
  private FaultRenderer() {}

  static Map<String, Object> render(Service service, ErrorCode code, int status, String message) {
    return switch (service) {
      case IDENTITY ->
          Map.of("error", fields("code", status, "message", message, "title", title(status)));
      case COMPUTE -> Map.of(novaFaultName(status), fields("code", status, "message", message));
      case NETWORK ->
          Map.of(
              "NeutronError", fields("type", neutronType(code), "message", message, "detail", ""));
      case ALARMING -> {
        Map<String, Object> fault = fields("faultcode", status < 500 ? "Client" : "Server");
        fault.put("faultstring", message);
        fault.put("debuginfo", null);
        yield Map.of("error_message", fault);
      }
      case IMAGE, FAULTLINE ->
          Map.of("error", fields("code", status, "title", title(status), "message", message));
    };
  }

  private static Map<String, Object> fields(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

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
      case CONFLICT -> "Conflict";
      case PRECONDITION_FAILED -> "RevisionNumberConstraintFailed";
      case PAYLOAD_TOO_LARGE -> "HTTPRequestEntityTooLarge";
      case UNSUPPORTED_MEDIA_TYPE -> "HTTPUnsupportedMediaType";
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
      case 409 -> "Conflict";
      case 412 -> "Precondition Failed";
      case 413 -> "Request Entity Too Large";
      case 415 -> "Unsupported Media Type";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }
}

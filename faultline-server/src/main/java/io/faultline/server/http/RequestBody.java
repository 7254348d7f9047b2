package io.faultline.server.http;

import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads a request's body once, before authentication and before anything parses it, counting the
 * bytes as they arrive whatever the encoding (a declared length, chunked, or none): past the limit
 * the answer is 413 and nothing more is read, so no body can fill the heap. A body that stops
 * arriving is a 408 once the connection's idle timeout passes, not a 500.
 */
final class RequestBody {
  static final String ATTRIBUTE = "faultline.body";
  private static final byte[] EMPTY = new byte[0];

  private RequestBody() {}

  static void read(Context context, long maxBytes) {
    long declared = context.req().getContentLengthLong();
    boolean chunked =
        context.header("Transfer-Encoding") != null
            && context.header("Transfer-Encoding").toLowerCase(Locale.ROOT).contains("chunked");
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
    if (declared <= 0 && !chunked) {
      context.attribute(ATTRIBUTE, EMPTY);
      return;
    }
    try (InputStream in = context.req().getInputStream()) {
      ByteArrayOutputStream body =
          new ByteArrayOutputStream((int) Math.min(Math.max(declared, 0), 64 * 1024));
      byte[] buffer = new byte[8192];
      long total = 0;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        total += n;
        if (total > maxBytes) {
          throw tooLarge(maxBytes);
        }
        body.write(buffer, 0, n);
      }
      context.attribute(ATTRIBUTE, body.toByteArray());
    } catch (IOException e) {
      // Jetty ends a read that waited past the idle timeout, or that the client abandoned.
      throw new FaultlineException(
          ErrorCode.REQUEST_TIMEOUT,
          "the request body did not arrive in time (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** The body {@link #read} kept; empty when the request had none. */
  static byte[] of(Context context) {
    byte[] body = context.attribute(ATTRIBUTE);
    return body == null ? EMPTY : body;
  }

  private static FaultlineException tooLarge(long maxBytes) {
    return new FaultlineException(
        ErrorCode.PAYLOAD_TOO_LARGE,
        "request body is too large: the limit is " + maxBytes + " bytes (server.max-body-bytes)");
  }

  /**
   * A 415 unless the body is declared JSON: {@code application/json}, a {@code +json} type, or JSON
   * Patch ({@code application/json-patch+json}, and Glance's {@code
   * application/openstack-images-v2.1-json-patch}).
   */
  static void requireJson(Context context) {
    String type = context.header("Content-Type");
    String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (media.equals("application/json")
        || media.endsWith("+json")
        || media.equals("application/openstack-images-v2.1-json-patch")) {
      return;
    }
    throw new FaultlineException(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        type == null
            ? "the request body has no Content-Type; send it as application/json"
            : "Content-Type " + type + " is not supported; send the body as application/json");
  }
}

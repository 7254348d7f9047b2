package io.faultline.server.hardening;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for what a well-behaved client library will not send: a body larger
 * than it declares, chunks without end, a declared body that never comes.
 */
final class RawHttp {
  private RawHttp() {}

  /**
   * Sends {@code head} (request line and headers, without the blank line), then {@code body} chunks
   * as they are, and returns the response's status line, or what the failure was.
   */
  static String statusLine(int port, String head, byte[]... body) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(120_000);
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // The body goes out on its own thread: the server may answer (413) before it has read it
      // all, and the answer is read here meanwhile.
      Thread writer =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (byte[] part : body) {
                        out.write(part);
                      }
                      out.flush();
                    } catch (IOException e) {
                      // the server answered and closed before reading everything
                    }
                  });
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String line = in.readLine();
      writer.interrupt();
      return line == null ? "(connection closed without an answer)" : line;
    }
  }

  /** {@code size} bytes of data in HTTP chunks of 64 KiB, without the final chunk. */
  static byte[] chunks(int size) {
    StringBuilder text = new StringBuilder();
    int left = size;
    while (left > 0) {
      int n = Math.min(left, 65_536);
      text.append(Integer.toHexString(n)).append("\r\n").append("x".repeat(n)).append("\r\n");
      left -= n;
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }
}

package io.faultline.store;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;

/** An embedded H2 file as a failing disk or a crash leaves it, for tests of what opens it. */
final class H2Damage {
  private static final int BLOCK = 4096;

  private H2Damage() {}

  /** The version H2 opens the file at, from the chunk its store header names. */
  static long namedVersion(Path file) {
    try (MVStore store = H2NewestState.readOnly(file, false)) {
      return store.getCurrentVersion();
    }
  }

  /** The newest complete version in the file, found by scanning every block. */
  static long newestVersion(Path file) {
    try (MVStore store = H2NewestState.readOnly(file, true)) {
      return store.getCurrentVersion();
    }
  }

  /**
   * Writes noise over the page that lists the file's chunks in the chunk of {@code version}, as a
   * bad sector would; the chunk's own header and footer stay intact, so it still looks complete.
   */
  static void damageChunkList(Path file, long version) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer block = ByteBuffer.allocate(BLOCK);
      for (long position = 2L * BLOCK; position < channel.size(); position += BLOCK) {
        block.clear();
        channel.read(block, position);
        String text = new String(block.array(), 0, block.position(), US_ASCII);
        if (!text.startsWith("chunk:")) {
          continue;
        }
        int end = 0;
        while (end < text.length() && text.charAt(end) > ' ') {
          end++;
        }
        Map<String, String> header = DataUtils.parseMap(text.substring(0, end));
        if (DataUtils.parseHexLong(header.get("version")) != version) {
          continue;
        }
        long root = DataUtils.parseHexLong(header.get("root"));
        byte[] noise = new byte[256];
        new Random(version).nextBytes(noise);
        channel.write(ByteBuffer.wrap(noise), position + DataUtils.getPageOffset(root));
        channel.force(true);
        return;
      }
    }
    throw new AssertionError("no chunk of version " + version + " in " + file);
  }
}

package io.faultline.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Wraps a port (store, outbox) to add up the time spent in each of its methods, so a benchmark can
 * say where an operation's time goes. Adds a few microseconds per call; off unless asked for.
 */
final class PhaseTimer {
  private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();

  <T> T wrap(Class<T> port, T target) {
    Object proxy =
        Proxy.newProxyInstance(
            port.getClassLoader(),
            new Class<?>[] {port},
            (unused, method, arguments) -> {
              long start = System.nanoTime();
              try {
                return method.invoke(target, arguments);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              } finally {
                nanos
                    .computeIfAbsent(
                        port.getSimpleName() + "." + method.getName(), k -> new LongAdder())
                    .add(System.nanoTime() - start);
              }
            });
    return port.cast(proxy);
  }

  void reset() {
    nanos.clear();
  }

  String report(int iterations) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(nanos)
        .forEach(
            (name, total) ->
                text.append(
                    String.format(
                        Locale.ROOT,
                        "  %-40s %8.1f ms/iteration%n",
                        name,
                        total.sum() / 1e6 / iterations)));
    return text.toString();
  }
}

package io.faultline.paging;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list read by keyset: the items, in list order, and whether more follow the last
 * one. A store reads {@code limit + 1} rows so that {@code more} costs no second query.
 */
public record Page<T>(List<T> items, boolean more) {
  public Page {
    items = List.copyOf(requireNonNull(items, "items is null"));
    if (more && items.isEmpty()) {
      throw new IllegalArgumentException("an empty page has nothing after it");
    }
  }

  /**
   * The page of at most {@code limit} items from a read of up to {@code limit + 1}. A page of none
   * ({@code limit} 0) has no next page to point at.
   */
  public static <T> Page<T> of(List<T> read, int limit) {
    if (limit <= 0) {
      return new Page<>(List.of(), false);
    }
    return read.size() > limit ? new Page<>(read.subList(0, limit), true) : new Page<>(read, false);
  }

  public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
    return new Page<>(items.stream().<R>map(mapper).toList(), more);
  }

  /** The last item, which a next link names as its marker; only when {@link #more}. */
  public T last() {
    return items.get(items.size() - 1);
  }
}

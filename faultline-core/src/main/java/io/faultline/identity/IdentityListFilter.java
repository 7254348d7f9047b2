package io.faultline.identity;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What a list of users or projects keeps: an entry with the name given, in every domain given (two
 * different domains keep nothing), and with the enabled flag given; an absent value keeps any.
 */
public record IdentityListFilter(
    Optional<String> name, List<String> domainIds, Optional<Boolean> enabled) {
  public IdentityListFilter {
    requireNonNull(name, "name is null");
    domainIds = List.copyOf(requireNonNull(domainIds, "domainIds is null"));
    requireNonNull(enabled, "enabled is null");
  }

  /** Keeps every entry. */
  public static IdentityListFilter any() {
    return new IdentityListFilter(Optional.empty(), List.of(), Optional.empty());
  }

  public boolean matches(User user) {
    return matches(user.name(), user.domainId(), user.enabled());
  }

  public boolean matches(Project project) {
    return matches(project.name(), project.domainId(), project.enabled());
  }

  private boolean matches(String entryName, DomainId domainId, boolean entryEnabled) {
    return name.map(entryName::equals).orElse(true)
        && domainIds.stream().allMatch(domainId.value()::equals)
        && enabled.map(e -> e == entryEnabled).orElse(true);
  }
}

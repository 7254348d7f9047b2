package io.faultline.identity;

import java.util.List;

/** Keystone's default role implications: admin implies member, member implies reader. */
final class ImpliedRoles {
  private ImpliedRoles() {}

  static List<String> of(String role) {
    return switch (role) {
      case "admin" -> List.of("member", "reader");
      case "member" -> List.of("reader");
      default -> List.of();
    };
  }
}

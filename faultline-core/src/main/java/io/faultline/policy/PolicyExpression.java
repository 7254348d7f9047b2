package io.faultline.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A parsed oslo.policy check string. */
public sealed interface PolicyExpression {
  /** Looks up a named rule while evaluating {@code rule:NAME}. */
  interface RuleResolver extends Function<String, PolicyExpression> {}

  boolean evaluate(Credentials credentials, Map<String, String> target, RuleResolver rules);

  /** {@code @} or the empty string: always allowed. */
  record Always() implements PolicyExpression {
    @Override
    public boolean evaluate(Credentials credentials, Map<String, String> target, RuleResolver r) {
      return true;
    }
  }

  /** {@code !}: never allowed. */
  record Never() implements PolicyExpression {
    @Override
    public boolean evaluate(Credentials credentials, Map<String, String> target, RuleResolver r) {
      return false;
    }
  }

  /** {@code role:NAME}. */
  record RoleCheck(String role) implements PolicyExpression {
    public RoleCheck {
      requireNonNull(role, "role is null");
    }

    @Override
    public boolean evaluate(Credentials credentials, Map<String, String> target, RuleResolver r) {
      return credentials.hasRole(role);
    }
  }

  /** {@code rule:NAME}. */
  record RuleReference(String name) implements PolicyExpression {
    public RuleReference {
      requireNonNull(name, "name is null");
    }

    @Override
    public boolean evaluate(Credentials credentials, Map<String, String> target, RuleResolver r) {
      return r.apply(name).evaluate(credentials, target, r);
    }
  }

  /**
   * {@code ATTRIBUTE:%(target_key)s} or {@code ATTRIBUTE:literal}: a credential attribute ({@code
   * project_id}, {@code user_id}, {@code domain_id}) compared with a target value or a literal.
   */
  record GenericCheck(String attribute, String match) implements PolicyExpression {
    public GenericCheck {
      requireNonNull(attribute, "attribute is null");
      requireNonNull(match, "match is null");
    }

    @Override
    public boolean evaluate(Credentials credentials, Map<String, String> target, RuleResolver r) {
      String actual =
          switch (attribute) {
            case "project_id", "tenant_id" -> credentials.projectId().orElse(null);
            case "user_id" -> credentials.userId();
            case "domain_id", "user_domain_id" -> credentials.userDomainId();
            default -> null;
          };
      if (actual == null) {
        return false;
      }
      if (match.startsWith("%(") && match.endsWith(")s")) {
        return actual.equals(target.get(match.substring(2, match.length() - 2)));
      }
      return actual.equals(match);
    }
  }

  record Not(PolicyExpression operand) implements PolicyExpression {
    public Not {
      requireNonNull(operand, "operand is null");
    }

    @Override
    public boolean evaluate(Credentials credentials, Map<String, String> target, RuleResolver r) {
      return !operand.evaluate(credentials, target, r);
    }
  }

  record And(List<PolicyExpression> operands) implements PolicyExpression {
    public And {
      operands = List.copyOf(operands);
    }

    @Override
    public boolean evaluate(Credentials credentials, Map<String, String> target, RuleResolver r) {
      return operands.stream().allMatch(operand -> operand.evaluate(credentials, target, r));
    }
  }

  record Or(List<PolicyExpression> operands) implements PolicyExpression {
    public Or {
      operands = List.copyOf(operands);
    }

    @Override
    public boolean evaluate(Credentials credentials, Map<String, String> target, RuleResolver r) {
      return operands.stream().anyMatch(operand -> operand.evaluate(credentials, target, r));
    }
  }
}

package io.faultline.policy;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Named policy rules, as oslo.policy: every API operation checks one rule by name. Defaults are
 * registered by each domain ({@link PolicyDefaults}); a policy file may override any of them, and
 * naming a rule that does not exist fails start.
 */
public final class Policy {
  private final Map<String, PolicyExpression> rules;

  private Policy(Map<String, PolicyExpression> rules) {
    this.rules = Map.copyOf(rules);
  }

  /** Builds the policy from defaults and overrides (rule name → check string). */
  public static Policy of(Map<String, String> defaults, Map<String, String> overrides) {
    Set<String> unknown = new TreeSet<>(overrides.keySet());
    unknown.removeAll(defaults.keySet());
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("policy file names unknown rules: " + unknown);
    }
    Map<String, PolicyExpression> parsed = new LinkedHashMap<>();
    Map<String, String> merged = new LinkedHashMap<>(defaults);
    merged.putAll(overrides);
    merged.forEach(
        (name, text) -> {
          try {
            parsed.put(name, PolicyParser.parse(text));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("policy rule " + name + ": " + e.getMessage(), e);
          }
        });
    parsed.forEach((name, expression) -> checkReferences(name, expression, parsed));
    return new Policy(parsed);
  }

  private static void checkReferences(
      String name, PolicyExpression expression, Map<String, PolicyExpression> rules) {
    switch (expression) {
      case PolicyExpression.RuleReference reference -> {
        if (!rules.containsKey(reference.name())) {
          throw new IllegalArgumentException(
              "policy rule " + name + " refers to unknown rule " + reference.name());
        }
      }
      case PolicyExpression.Not not -> checkReferences(name, not.operand(), rules);
      case PolicyExpression.And and -> and.operands().forEach(o -> checkReferences(name, o, rules));
      case PolicyExpression.Or or -> or.operands().forEach(o -> checkReferences(name, o, rules));
      case PolicyExpression.Always always -> {}
      case PolicyExpression.Never never -> {}
      case PolicyExpression.RoleCheck role -> {}
      case PolicyExpression.GenericCheck generic -> {}
    }
  }

  public boolean allows(String rule, Credentials credentials, Map<String, String> target) {
    requireNonNull(credentials, "credentials is null");
    return expression(rule).evaluate(credentials, target, this::expression);
  }

  /** Throws FORBIDDEN naming the rule when it denies. */
  public void authorize(String rule, Credentials credentials, Map<String, String> target) {
    if (!allows(rule, credentials, target)) {
      throw FaultlineException.forbidden("Policy doesn't allow " + rule + " to be performed.");
    }
  }

  /** Authorizes against a target owned by {@code projectId}. */
  public void authorize(String rule, Credentials credentials, String projectId) {
    authorize(rule, credentials, Map.of("project_id", projectId));
  }

  private PolicyExpression expression(String rule) {
    PolicyExpression expression = rules.get(rule);
    if (expression == null) {
      throw new IllegalStateException("no policy rule named " + rule);
    }
    return expression;
  }
}

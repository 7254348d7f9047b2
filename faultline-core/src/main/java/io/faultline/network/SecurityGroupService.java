package io.faultline.network;

import static java.util.Objects.requireNonNull;

import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.network.SecurityGroupRule.Direction;
import io.faultline.network.SecurityGroupRule.Ethertype;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Neutron's security groups and rules. Each project has a group named "default", made on its first
 * use of the API with Neutron's four rules (any traffic out, traffic in from the group's own
 * members); a new group gets the two egress rules. A group or rule of another project is "not
 * found" to all but admins. Neutron's quotas hold: 10 groups and 100 rules per project. A port made
 * through Neutron's API has the groups it names, else its project's default group; a group that a
 * port has cannot be deleted.
 */
public final class SecurityGroupService implements PortSecurityGroups {
  static final int GROUP_QUOTA = 10;
  static final int RULE_QUOTA = 100;

  private final SecurityGroupStore store;
  private final Transactor transactor;
  private final Policy policy;
  private final InstantSource clock;

  public SecurityGroupService(
      SecurityGroupStore store, Transactor transactor, Policy policy, InstantSource clock) {
    this.store = requireNonNull(store, "store is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  // ---- groups

  public SecurityGroup create(
      Credentials caller, Optional<String> project, String name, String description) {
    String projectId =
        Limits.check("project_id", project.orElseGet(caller::requireProjectId), Limits.PROJECT);
    Limits.check("name", name, Limits.NAME);
    Limits.check("description", description, Limits.DESCRIPTION);
    policy.authorize(NetworkPolicies.CREATE_SECURITY_GROUP, caller, projectId);
    if (name.equals(SecurityGroup.DEFAULT_NAME)) {
      throw FaultlineException.conflict("Default security group already exists.");
    }
    return PortSecurityGroups.retryingOnRace(
        () ->
            transactor.inTransaction(
                tx -> {
                  defaultGroup(tx, projectId);
                  if (store.countGroups(tx, projectId) >= GROUP_QUOTA) {
                    throw quotaExceeded("security_group");
                  }
                  Instant now = clock.instant();
                  SecurityGroupId id = new SecurityGroupId(UUID.randomUUID().toString());
                  List<SecurityGroupRule> rules = new ArrayList<>();
                  for (Ethertype ethertype : Ethertype.values()) {
                    rules.add(
                        rule(id, projectId, Direction.EGRESS, ethertype, Optional.empty(), now));
                  }
                  checkRuleQuota(tx, projectId, rules.size());
                  SecurityGroup group =
                      new SecurityGroup(id, projectId, name, description, rules, 1, now, now);
                  store.insertGroup(tx, group);
                  return group;
                }));
  }

  public SecurityGroup get(Credentials caller, SecurityGroupId id) {
    caller.projectId().ifPresent(this::ensureDefault);
    return transactor.inTransaction(tx -> visible(tx, caller, id, false));
  }

  /** The groups the caller sees: its project's, or every project's for an admin. */
  public List<SecurityGroup> list(Credentials caller) {
    caller.projectId().ifPresent(this::ensureDefault);
    return transactor.inTransaction(
        tx ->
            store.listGroups(tx, Optional.empty()).stream()
                .filter(group -> canSee(caller, group))
                .toList());
  }

  public SecurityGroup update(
      Credentials caller, SecurityGroupId id, Optional<String> name, Optional<String> description) {
    return transactor.inTransaction(
        tx -> {
          SecurityGroup group = visible(tx, caller, id, true);
          policy.authorize(NetworkPolicies.UPDATE_SECURITY_GROUP, caller, group.projectId());
          boolean isDefault = isDefault(tx, group);
          if (name.isPresent() && !name.get().equals(group.name())) {
            if (isDefault) {
              throw FaultlineException.conflict("Updating default security group not allowed.");
            }
            if (name.get().equals(SecurityGroup.DEFAULT_NAME)) {
              throw FaultlineException.conflict("Default security group already exists.");
            }
          }
          SecurityGroup revised =
              group.revised(
                  name.orElse(group.name()),
                  description.orElse(group.description()),
                  clock.instant());
          store.updateGroup(tx, revised);
          return revised;
        });
  }

  /** Deletes the group and its rules; a project's default group only by an admin. */
  public void delete(Credentials caller, SecurityGroupId id) {
    transactor.run(
        tx -> {
          SecurityGroup group = visible(tx, caller, id, true);
          policy.authorize(NetworkPolicies.DELETE_SECURITY_GROUP, caller, group.projectId());
          if (isDefault(tx, group) && !caller.isAdmin()) {
            throw FaultlineException.conflict(
                "Insufficient rights for removing default security group.");
          }
          if (store.groupInUse(tx, id)) {
            throw FaultlineException.conflict("Security Group " + id + " in use.");
          }
          store.deleteGroup(tx, id);
        });
  }

  // ---- rules

  public SecurityGroupRule createRule(Credentials caller, SecurityGroupRuleCreate request) {
    Limits.check("description", request.description(), Limits.DESCRIPTION);
    Direction direction = SecurityGroupRules.direction(request.direction());
    Ethertype ethertype = SecurityGroupRules.ethertype(request.ethertype());
    Optional<String> protocol = SecurityGroupRules.protocol(request.protocol());
    SecurityGroupRules.checkPorts(protocol, request.portRangeMin(), request.portRangeMax());
    if (request.remoteIpPrefix().isPresent() && request.remoteGroupId().isPresent()) {
      throw FaultlineException.badRequest(
          "Only remote_ip_prefix or remote_group_id may be provided.");
    }
    Optional<String> prefix =
        request.remoteIpPrefix().map(cidr -> SecurityGroupRules.remoteIpPrefix(cidr, ethertype));
    return transactor.inTransaction(
        tx -> {
          SecurityGroup group = visible(tx, caller, request.securityGroupId(), true);
          String projectId = request.projectId().orElse(group.projectId());
          policy.authorize(NetworkPolicies.CREATE_SECURITY_GROUP_RULE, caller, group.projectId());
          if (!projectId.equals(group.projectId())) {
            throw FaultlineException.badRequest(
                "Invalid input: the rule's project "
                    + projectId
                    + " is not its security group's ("
                    + group.projectId()
                    + ").");
          }
          if (request.remoteGroupId().isPresent()
              && !request.remoteGroupId().get().equals(group.id())) {
            visible(tx, caller, request.remoteGroupId().get(), false);
          }
          Instant now = clock.instant();
          SecurityGroupRule rule =
              new SecurityGroupRule(
                  UUID.randomUUID().toString(),
                  group.id(),
                  group.projectId(),
                  direction,
                  ethertype,
                  protocol,
                  request.portRangeMin(),
                  request.portRangeMax(),
                  prefix,
                  request.remoteGroupId(),
                  request.description(),
                  1,
                  now,
                  now);
          for (SecurityGroupRule existing : group.rules()) {
            if (existing.sameAs(rule)) {
              throw FaultlineException.conflict(
                  "Security group rule already exists. Rule id is " + existing.id() + ".");
            }
          }
          checkRuleQuota(tx, group.projectId(), 1);
          store.insertRule(tx, rule);
          store.updateGroup(tx, group.touched(now));
          return rule;
        });
  }

  public SecurityGroupRule getRule(Credentials caller, String id) {
    return transactor.inTransaction(tx -> visibleRule(tx, caller, id));
  }

  /** The rules of every group the caller sees. */
  public List<SecurityGroupRule> listRules(Credentials caller) {
    return list(caller).stream().flatMap(group -> group.rules().stream()).toList();
  }

  public void deleteRule(Credentials caller, String id) {
    transactor.run(
        tx -> {
          SecurityGroupRule rule = visibleRule(tx, caller, id);
          policy.authorize(NetworkPolicies.DELETE_SECURITY_GROUP_RULE, caller, rule.projectId());
          SecurityGroup group = store.findGroup(tx, rule.securityGroupId(), true).orElseThrow();
          store.deleteRule(tx, id);
          store.updateGroup(tx, group.touched(clock.instant()));
        });
  }

  // ---- ports

  @Override
  public void save(
      Transaction tx, Credentials caller, Port port, Optional<List<SecurityGroupId>> requested) {
    List<SecurityGroupId> groups;
    if (requested.isPresent()) {
      groups = requested.get().stream().distinct().toList();
      for (SecurityGroupId id : groups) {
        // Locked: a group being given to a port is not deleted under it.
        boolean usable =
            store
                .findGroup(tx, id, true)
                .filter(group -> group.projectId().equals(port.projectId()) || caller.isAdmin())
                .isPresent();
        if (!usable) {
          throw FaultlineException.notFound("Security group " + id + " does not exist");
        }
      }
    } else if (port.deviceOwner().startsWith("network:")) {
      groups = List.of();
    } else {
      groups = List.of(defaultGroup(tx, port.projectId()));
    }
    store.setPortGroups(tx, port.id(), groups);
  }

  @Override
  public void saveForServer(
      Transaction tx, String projectId, List<Port> ports, List<String> namesOrIds) {
    if (ports.isEmpty()) {
      return;
    }
    List<SecurityGroupId> groups = new ArrayList<>();
    if (namesOrIds.isEmpty()) {
      groups.add(defaultGroup(tx, projectId));
    } else {
      List<SecurityGroup> own = store.listGroups(tx, Optional.of(projectId));
      for (String wanted : namesOrIds) {
        List<SecurityGroup> matching =
            own.stream().filter(group -> group.id().value().equals(wanted)).toList();
        if (matching.isEmpty()) {
          matching = own.stream().filter(group -> group.name().equals(wanted)).toList();
        }
        if (matching.isEmpty()) {
          throw FaultlineException.badRequest(
              "Security group " + wanted + " not found for project " + projectId + ".");
        }
        if (matching.size() > 1) {
          throw FaultlineException.conflict(
              "Multiple security groups found matching '"
                  + wanted
                  + "'. Use an ID to be more specific.");
        }
        // Locked: a group being given to a port is not deleted under it.
        store.findGroup(tx, matching.get(0).id(), true);
        if (!groups.contains(matching.get(0).id())) {
          groups.add(matching.get(0).id());
        }
      }
    }
    for (Port port : ports) {
      store.setPortGroups(tx, port.id(), groups);
    }
  }

  @Override
  public Map<PortId, List<SecurityGroupId>> of(Transaction tx, List<PortId> ports) {
    return store.portGroups(tx, ports);
  }

  @Override
  public Map<PortId, List<String>> namesOf(Transaction tx, List<PortId> ports) {
    return store.portGroupNames(tx, ports);
  }

  // ---- the default group

  /**
   * Makes the project's default group unless it has one, in a transaction of its own (a list, a
   * read). Two first requests may race: the loser's insert is refused by the default's key and it
   * reads the winner's group.
   */
  void ensureDefault(String projectId) {
    if (transactor.inTransaction(tx -> store.findDefault(tx, projectId)).isPresent()) {
      return;
    }
    try {
      transactor.run(tx -> defaultGroup(tx, projectId));
    } catch (FaultlineException e) {
      if (e.code() != ErrorCode.CONFLICT
          || transactor.inTransaction(tx -> store.findDefault(tx, projectId)).isEmpty()) {
        throw e;
      }
    }
  }

  /**
   * The project's default group, made in {@code tx} when it has none, with Neutron's four rules:
   * made with the change that needs it, it is not left behind by one that fails.
   */
  private SecurityGroupId defaultGroup(Transaction tx, String projectId) {
    Optional<SecurityGroupId> found = store.findDefault(tx, projectId);
    if (found.isPresent()) {
      return found.get();
    }
    Instant now = clock.instant();
    SecurityGroupId id = new SecurityGroupId(UUID.randomUUID().toString());
    List<SecurityGroupRule> rules = new ArrayList<>();
    for (Ethertype ethertype : Ethertype.values()) {
      rules.add(rule(id, projectId, Direction.EGRESS, ethertype, Optional.empty(), now));
      rules.add(rule(id, projectId, Direction.INGRESS, ethertype, Optional.of(id), now));
    }
    store.insertGroup(
        tx,
        new SecurityGroup(
            id,
            projectId,
            SecurityGroup.DEFAULT_NAME,
            "Default security group",
            rules,
            1,
            now,
            now));
    store.insertDefault(tx, projectId, id);
    return id;
  }

  private static SecurityGroupRule rule(
      SecurityGroupId group,
      String projectId,
      Direction direction,
      Ethertype ethertype,
      Optional<SecurityGroupId> remoteGroup,
      Instant now) {
    return new SecurityGroupRule(
        UUID.randomUUID().toString(),
        group,
        projectId,
        direction,
        ethertype,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        remoteGroup,
        "",
        1,
        now,
        now);
  }

  private boolean isDefault(Transaction tx, SecurityGroup group) {
    return store.findDefault(tx, group.projectId()).filter(group.id()::equals).isPresent();
  }

  private void checkRuleQuota(Transaction tx, String projectId, int adding) {
    if (store.countRules(tx, projectId) + adding > RULE_QUOTA) {
      throw quotaExceeded("security_group_rule");
    }
  }

  private static FaultlineException quotaExceeded(String resource) {
    return FaultlineException.conflict("Quota exceeded for resources: ['" + resource + "'].");
  }

  private SecurityGroup visible(
      Transaction tx, Credentials caller, SecurityGroupId id, boolean lock) {
    return store
        .findGroup(tx, id, lock)
        .filter(group -> canSee(caller, group))
        .orElseThrow(() -> FaultlineException.notFound("Security group " + id + " does not exist"));
  }

  private SecurityGroupRule visibleRule(Transaction tx, Credentials caller, String id) {
    return store
        .findRule(tx, id)
        .filter(
            rule ->
                canSee(caller, rule.projectId())
                    && policy.allows(
                        NetworkPolicies.GET_SECURITY_GROUP_RULE,
                        caller,
                        Map.of("project_id", rule.projectId())))
        .orElseThrow(
            () -> FaultlineException.notFound("Security group rule " + id + " does not exist"));
  }

  private boolean canSee(Credentials caller, SecurityGroup group) {
    return canSee(caller, group.projectId())
        && policy.allows(
            NetworkPolicies.GET_SECURITY_GROUP, caller, Map.of("project_id", group.projectId()));
  }

  private static boolean canSee(Credentials caller, String projectId) {
    return caller.isAdmin() || caller.projectId().filter(projectId::equals).isPresent();
  }
}

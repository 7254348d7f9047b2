package io.faultline.network;

import io.faultline.tx.Transaction;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Durable storage of security groups and their rules. */
public interface SecurityGroupStore {
  /** Inserts the group and its rules. */
  void insertGroup(Transaction tx, SecurityGroup group);

  /** Records {@code id} as the project's default group; a conflict when it already has one. */
  void insertDefault(Transaction tx, String projectId, SecurityGroupId id);

  Optional<SecurityGroupId> findDefault(Transaction tx, String projectId);

  /** Saves the group's name, description, revision and update time (not its rules). */
  void updateGroup(Transaction tx, SecurityGroup group);

  /** Deletes the group, its rules and the rules of other groups that name it as their remote. */
  void deleteGroup(Transaction tx, SecurityGroupId id);

  /** The group with its rules; locked until the transaction ends when {@code lock}. */
  Optional<SecurityGroup> findGroup(Transaction tx, SecurityGroupId id, boolean lock);

  /** Every group of the project, or of every project, oldest first, with their rules. */
  List<SecurityGroup> listGroups(Transaction tx, Optional<String> projectId);

  int countGroups(Transaction tx, String projectId);

  void insertRule(Transaction tx, SecurityGroupRule rule);

  void deleteRule(Transaction tx, String id);

  Optional<SecurityGroupRule> findRule(Transaction tx, String id);

  int countRules(Transaction tx, String projectId);

  /** Replaces the port's groups with {@code groups}. */
  void setPortGroups(Transaction tx, PortId port, List<SecurityGroupId> groups);

  /** The groups of each of the ports that has any, in id order. */
  Map<PortId, List<SecurityGroupId>> portGroups(Transaction tx, List<PortId> ports);

  /** Whether any port has the group. */
  boolean groupInUse(Transaction tx, SecurityGroupId id);

  /** The names of the groups of each of the ports that has any, in name order. */
  Map<PortId, List<String>> portGroupNames(Transaction tx, List<PortId> ports);
}

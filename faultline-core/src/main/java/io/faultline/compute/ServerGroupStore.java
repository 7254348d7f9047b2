package io.faultline.compute;

import io.faultline.tx.Transaction;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Persistence of server groups and their members. */
public interface ServerGroupStore {
  /** Stores a new group; its members are ignored (a group is created empty). */
  void insert(Transaction tx, ServerGroup group);

  /** The group with its members. */
  Optional<ServerGroup> find(Transaction tx, String id);

  /**
   * The group with its members, locked until the transaction ends: two boots into one group are
   * placed one after the other, each seeing the other's host.
   */
  Optional<ServerGroup> lock(Transaction tx, String id);

  /**
   * Groups with their members, of one project or of all, in the order they were created: at most
   * {@code limit} after skipping {@code offset}.
   */
  List<ServerGroup> list(Transaction tx, Optional<String> projectId, int offset, int limit);

  /** How many groups the project has. */
  int count(Transaction tx, String projectId);

  /** Deletes the group and its memberships; false when there was none. */
  boolean delete(Transaction tx, String id);

  void addMember(Transaction tx, String groupId, InstanceId instance);

  /** Ends the instance's membership, if it has one. */
  void removeMember(Transaction tx, InstanceId instance);

  /** The id of the group the instance is a member of. */
  Optional<String> groupIdOf(Transaction tx, InstanceId instance);

  /** The hosts of the group's members that are not deleted, but {@code except}, with how many. */
  Map<String, Integer> memberHosts(Transaction tx, String groupId, Optional<InstanceId> except);
}

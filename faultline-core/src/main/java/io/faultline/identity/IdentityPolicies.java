package io.faultline.identity;

import io.faultline.policy.PolicyDefaults;

/** Keystone's policy rules, with upstream's defaults (admin manages, readers read their own). */
public final class IdentityPolicies {
  public static final String VALIDATE_TOKEN = "identity:validate_token";
  public static final String CHECK_TOKEN = "identity:check_token";
  public static final String REVOKE_TOKEN = "identity:revoke_token";
  public static final String LIST_DOMAINS = "identity:list_domains";
  public static final String GET_DOMAIN = "identity:get_domain";
  public static final String LIST_PROJECTS = "identity:list_projects";
  public static final String GET_PROJECT = "identity:get_project";
  public static final String CREATE_PROJECT = "identity:create_project";
  public static final String UPDATE_PROJECT = "identity:update_project";
  public static final String DELETE_PROJECT = "identity:delete_project";
  public static final String LIST_USERS = "identity:list_users";
  public static final String GET_USER = "identity:get_user";
  public static final String CREATE_USER = "identity:create_user";
  public static final String UPDATE_USER = "identity:update_user";
  public static final String DELETE_USER = "identity:delete_user";
  public static final String LIST_ROLES = "identity:list_roles";
  public static final String GET_ROLE = "identity:get_role";
  public static final String CREATE_ROLE = "identity:create_role";
  public static final String DELETE_ROLE = "identity:delete_role";
  public static final String CREATE_GRANT = "identity:create_grant";
  public static final String CHECK_GRANT = "identity:check_grant";
  public static final String LIST_GRANTS = "identity:list_grants";
  public static final String REVOKE_GRANT = "identity:revoke_grant";
  public static final String LIST_ROLE_ASSIGNMENTS = "identity:list_role_assignments";
  public static final String CREATE_DOMAIN = "identity:create_domain";
  public static final String UPDATE_DOMAIN = "identity:update_domain";
  public static final String DELETE_DOMAIN = "identity:delete_domain";
  public static final String LIST_USER_PROJECTS = "identity:list_user_projects";
  public static final String CREATE_IMPLIED_ROLE = "identity:create_implied_role";
  public static final String GET_IMPLIED_ROLE = "identity:get_implied_role";
  public static final String DELETE_IMPLIED_ROLE = "identity:delete_implied_role";
  public static final String LIST_IMPLIED_ROLES = "identity:list_implied_roles";
  public static final String LIST_ROLE_INFERENCE_RULES = "identity:list_role_inference_rules";
  public static final String CREATE_APPLICATION_CREDENTIAL =
      "identity:create_application_credential";
  public static final String GET_APPLICATION_CREDENTIAL = "identity:get_application_credential";
  public static final String LIST_APPLICATION_CREDENTIALS = "identity:list_application_credentials";
  public static final String DELETE_APPLICATION_CREDENTIAL =
      "identity:delete_application_credential";

  private IdentityPolicies() {}

  public static void register(PolicyDefaults defaults) {
    defaults
        .register("token_subject", "user_id:%(target.token.user_id)s")
        .register(VALIDATE_TOKEN, "rule:admin_required or rule:token_subject")
        .register(CHECK_TOKEN, "rule:admin_required or rule:token_subject")
        .register(REVOKE_TOKEN, "rule:admin_required or rule:token_subject")
        .register(LIST_DOMAINS, "rule:admin_required")
        .register(GET_DOMAIN, "rule:admin_required or domain_id:%(target.domain.id)s")
        .register(LIST_PROJECTS, "rule:admin_required")
        .register(GET_PROJECT, "rule:admin_required or project_id:%(target.project.id)s")
        .register(CREATE_PROJECT, "rule:admin_required")
        .register(UPDATE_PROJECT, "rule:admin_required")
        .register(DELETE_PROJECT, "rule:admin_required")
        .register(LIST_USERS, "rule:admin_required")
        .register(GET_USER, "rule:admin_required or user_id:%(target.user.id)s")
        .register(CREATE_USER, "rule:admin_required")
        .register(UPDATE_USER, "rule:admin_required")
        .register(DELETE_USER, "rule:admin_required")
        .register(LIST_ROLES, "rule:admin_required")
        .register(GET_ROLE, "rule:admin_required")
        .register(CREATE_ROLE, "rule:admin_required")
        .register(DELETE_ROLE, "rule:admin_required")
        .register(CREATE_GRANT, "rule:admin_required")
        .register(CHECK_GRANT, "rule:admin_required")
        .register(LIST_GRANTS, "rule:admin_required")
        .register(REVOKE_GRANT, "rule:admin_required")
        .register(LIST_ROLE_ASSIGNMENTS, "rule:admin_required")
        .register("identity_owner", "user_id:%(target.user.id)s")
        .register(CREATE_DOMAIN, "rule:admin_required")
        .register(UPDATE_DOMAIN, "rule:admin_required")
        .register(DELETE_DOMAIN, "rule:admin_required")
        .register(LIST_USER_PROJECTS, "rule:admin_required or rule:identity_owner")
        .register(CREATE_IMPLIED_ROLE, "rule:admin_required")
        .register(GET_IMPLIED_ROLE, "rule:admin_required")
        .register(DELETE_IMPLIED_ROLE, "rule:admin_required")
        .register(LIST_IMPLIED_ROLES, "rule:admin_required")
        .register(LIST_ROLE_INFERENCE_RULES, "rule:admin_required")
        .register(CREATE_APPLICATION_CREDENTIAL, "rule:identity_owner")
        .register(GET_APPLICATION_CREDENTIAL, "rule:admin_required or rule:identity_owner")
        .register(LIST_APPLICATION_CREDENTIALS, "rule:admin_required or rule:identity_owner")
        .register(DELETE_APPLICATION_CREDENTIAL, "rule:admin_required or rule:identity_owner");
  }
}

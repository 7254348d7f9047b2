package io.faultline.alarm;

import io.faultline.policy.PolicyDefaults;

/** Aodh's policy rules with upstream's defaults: members manage their project's alarms. */
public final class AlarmPolicies {
  public static final String GET_ALARMS = "telemetry:get_alarms";
  public static final String GET_ALARMS_ALL_PROJECTS = "telemetry:get_alarms:all_projects";
  public static final String CREATE_ALARM = "telemetry:create_alarm";
  public static final String GET_ALARM = "telemetry:get_alarm";
  public static final String CHANGE_ALARM = "telemetry:change_alarm";
  public static final String DELETE_ALARM = "telemetry:delete_alarm";
  public static final String GET_ALARM_STATE = "telemetry:get_alarm_state";
  public static final String CHANGE_ALARM_STATE = "telemetry:change_alarm_state";
  public static final String ALARM_HISTORY = "telemetry:alarm_history";
  public static final String QUERY_ALARM = "telemetry:query_alarm";
  public static final String QUERY_ALARM_HISTORY = "telemetry:query_alarm_history";
  public static final String GET_DELIVERIES = "telemetry:get_deliveries";
  public static final String GET_DELIVERIES_ALL_PROJECTS = "telemetry:get_deliveries:all_projects";

  private AlarmPolicies() {}

  public static void register(PolicyDefaults defaults) {
    defaults
        .register(GET_ALARMS, "rule:project_reader_or_admin")
        .register(GET_ALARMS_ALL_PROJECTS, "rule:admin_api")
        .register(CREATE_ALARM, "rule:project_member_or_admin")
        .register(GET_ALARM, "rule:project_reader_or_admin")
        .register(CHANGE_ALARM, "rule:project_member_or_admin")
        .register(DELETE_ALARM, "rule:project_member_or_admin")
        .register(GET_ALARM_STATE, "rule:project_reader_or_admin")
        .register(CHANGE_ALARM_STATE, "rule:project_member_or_admin")
        .register(ALARM_HISTORY, "rule:project_reader_or_admin")
        .register(QUERY_ALARM, "rule:project_reader_or_admin")
        .register(QUERY_ALARM_HISTORY, "rule:project_reader_or_admin")
        .register(GET_DELIVERIES, "rule:project_reader_or_admin")
        .register(GET_DELIVERIES_ALL_PROJECTS, "rule:admin_api");
  }
}

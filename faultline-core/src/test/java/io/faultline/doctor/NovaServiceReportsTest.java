package io.faultline.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.bus.Notification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NovaServiceReportsTest {
  private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

  private static Notification versioned(Map<String, Object> data) {
    return new Notification(
        "m-1",
        "nova-compute:host1",
        "service.update",
        Notification.Priority.INFO,
        Map.of("nova_object.name", "ServiceStatusPayload", "nova_object.data", data),
        NOW);
  }

  @Test
  void aForcedDownComputeServiceIsAHostDownReportFromNova() {
    List<List<RawFault>> reported = new ArrayList<>();
    NovaServiceReports reports = new NovaServiceReports(reported::add);

    reports.onNotification(
        versioned(Map.of("host", "host1", "binary", "nova-compute", "forced_down", true)));

    assertThat(reported).hasSize(1);
    RawFault raw = reported.get(0).get(0);
    assertThat(raw.type()).isEqualTo(FaultType.COMPUTE_HOST_DOWN);
    assertThat(raw.hostname()).isEqualTo("host1");
    assertThat(raw.monitor()).isEqualTo("nova");
    assertThat(raw.monitorEventId()).contains("m-1");
    assertThat(raw.time()).isEqualTo(NOW);
  }

  @Test
  void faultlinesOwnUnversionedServiceUpdateIsNoReport() {
    Notification own =
        Notification.info(
            "nova-compute:host1",
            "service.update",
            Map.of("host", "host1", "binary", "nova-compute", "forced_down", true),
            NOW);
    assertThat(NovaServiceReports.report(own)).isEmpty();
  }

  @Test
  void liftedForcedDownDisabledServicesAndOtherBinariesAreNoReport() {
    assertThat(
            NovaServiceReports.report(
                versioned(Map.of("host", "host1", "binary", "nova-compute", "forced_down", false))))
        .isEmpty();
    assertThat(
            NovaServiceReports.report(
                versioned(
                    Map.of(
                        "host",
                        "host1",
                        "binary",
                        "nova-compute",
                        "disabled",
                        true,
                        "forced_down",
                        false))))
        .isEmpty();
    assertThat(
            NovaServiceReports.report(
                versioned(
                    Map.of("host", "host1", "binary", "nova-scheduler", "forced_down", true))))
        .isEmpty();
    assertThat(NovaServiceReports.report(versioned(Map.of("forced_down", true)))).isEmpty();
  }

  @Test
  void aDisabledOrEnabledComputeServiceIsAskedOfMaintenanceNotReported() {
    List<List<RawFault>> reported = new ArrayList<>();
    List<String> followed = new ArrayList<>();
    NovaServiceReports reports =
        new NovaServiceReports(
            reported::add,
            (host, disabled, reason) -> followed.add(host + " " + disabled + " " + reason));

    reports.onNotification(
        versioned(
            Map.of(
                "host", "host1",
                "binary", "nova-compute",
                "disabled", true,
                "disabled_reason", "replacing a DIMM",
                "forced_down", false)));
    reports.onNotification(
        versioned(
            Map.of(
                "host",
                "host1",
                "binary",
                "nova-compute",
                "disabled",
                false,
                "forced_down",
                false)));
    reports.onNotification(
        versioned(Map.of("host", "host1", "binary", "nova-conductor", "disabled", true)));

    assertThat(reported).isEmpty();
    assertThat(followed)
        .containsExactly("host1 true Optional[replacing a DIMM]", "host1 false Optional.empty");
  }

  @Test
  void aForcedDownServiceIsReportedEvenWhenDisabledAndAsksNothingOfMaintenance() {
    List<List<RawFault>> reported = new ArrayList<>();
    List<String> followed = new ArrayList<>();
    NovaServiceReports reports =
        new NovaServiceReports(
            reported::add, (host, disabled, reason) -> followed.add(host + " " + disabled));
    reports.onNotification(
        versioned(
            Map.of(
                "host", "host1", "binary", "nova-compute", "disabled", true, "forced_down", true)));
    assertThat(reported).hasSize(1);
    assertThat(followed).isEmpty();
  }
}

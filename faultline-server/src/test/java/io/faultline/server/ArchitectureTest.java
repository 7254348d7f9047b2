package io.faultline.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of STYLE.md, checked on the compiled classes. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // The store's test jar (TestSchemas for these tests) is test code too, packaged.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.faultline");
  }

  @Test
  void domainNeverImportsHttpJdbcOrAmqp() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "io.faultline.store..",
            "io.faultline.server..",
            "io.faultline.bench..",
            "io.faultline.rabbitmq..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.faultline.server..",
            "io.faultline.store..",
            "io.javalin..",
            "java.sql..",
            "org.jdbi..",
            "com.rabbitmq..")
        .allowEmptyShould(false)
        .check(classes);
  }

  @Test
  void storeNeverImportsTheServer() {
    noClasses()
        .that()
        .resideInAPackage("io.faultline.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.faultline.server..", "io.javalin..")
        .check(classes);
  }

  @Test
  void theLoopsPackageIsImportedByNoDomainItDrives() {
    // bus, alarm and alarm.notify tell the loop what happens through listener interfaces they
    // declare; compute and network are driven with an explicit cause. None imports the loop.
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.faultline.bus..",
            "io.faultline.alarm..",
            "io.faultline.compute..",
            "io.faultline.network..",
            "io.faultline.cause..",
            "io.faultline.host..",
            "io.faultline.policy..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.faultline.doctor..")
        .allowEmptyShould(false)
        .check(classes);
  }

  @Test
  void theLoopHasOneHome() {
    noClasses()
        .should()
        .resideInAnyPackage(
            "io.faultline.inspector..", "io.faultline.fault..", "io.faultline.monitor..")
        .check(classes);
  }

  @Test
  void noThreadLocalCarriesStateInTheLoop() {
    // A fault's cause travels as an argument or a typed field, so that it can cross a process.
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.faultline.doctor..",
            "io.faultline.bus..",
            "io.faultline.alarm..",
            "io.faultline.cause..",
            "io.faultline.compute..",
            "io.faultline.network..")
        .should()
        .dependOnClassesThat()
        .areAssignableTo(ThreadLocal.class)
        .allowEmptyShould(false)
        .check(classes);
  }

  @Test
  void apiResourcesNeverTouchStores() {
    noClasses()
        .that()
        .resideInAPackage("io.faultline.server.api..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.faultline.store..")
        .check(classes);
  }
}

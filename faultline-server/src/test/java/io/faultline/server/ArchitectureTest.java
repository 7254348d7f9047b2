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
  void alarmNeverImportsTheInspector() {
    noClasses()
        .that()
        .resideInAPackage("io.faultline.alarm..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.faultline.inspector..")
        .allowEmptyShould(true)
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

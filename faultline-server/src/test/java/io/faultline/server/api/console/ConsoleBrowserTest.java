package io.faultline.server.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.compute.ComputeHost;
import io.faultline.compute.ServiceId;
import io.faultline.compute.ServiceStatus;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import io.faultline.store.JdbiComputeStore;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium against the real server on a loopback port: logging in, a
 * raw fault turning its host down and showing its timeline without a reload, the actions with their
 * confirmations, a member seeing only its project, and no request leaving the server. Each view is
 * saved as a screenshot under {@code target/console-screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  /** Generous: the build machine is shared and loaded. */
  private static final Duration WAIT = Duration.ofSeconds(45);

  private static TestServer server;
  private static Webhooks webhooks;
  private static Fleet fleet;
  private static Path profile;
  private static ChromeDriver driver;
  private static Account tenant;
  private static Account otherTenant;
  private static String tenantProjectName;
  private static String tenantAlarm;

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start();
    webhooks = new Webhooks();
    fleet = new Fleet(server);

    server.beat("web-1");
    tenant = server.newProjectUser("member");
    tenantProjectName =
        server
            .http()
            .get("/v3/projects/" + tenant.projectId(), server.adminToken())
            .expect(200)
            .json()
            .at("/project/name")
            .asText();
    String instance = fleet.instance(tenant, "vnf-a");
    fleet.instance(tenant, "vnf-a2");
    tenantAlarm = fleet.alarm(tenant, "tenant-a-vnf-down", instance, webhooks.url());
    otherTenant = server.newProjectUser("member");
    String other = fleet.instance(otherTenant, "vnf-b");
    fleet.alarm(otherTenant, "tenant-b-vnf-down", other, webhooks.url());
    fleet.port("web-1");
    server.beat("web-2");

    Files.createDirectories(SCREENSHOTS);
    profile = Files.createTempDirectory("faultline-chromium-");
    driver = chromium(profile);
    // Forget what the browser's own start page loaded: from here on, every request is the page's.
    driver.manage().logs().get(LogType.PERFORMANCE);
  }

  @AfterAll
  static void stop() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
    webhooks.close();
    server.close();
  }

  /** Debian's chromium and chromium-driver, headless, isolated, with nothing in the background. */
  private static ChromeDriver chromium(Path userDataDir) {
    File browser = new File("/usr/bin/chromium");
    File chromedriver = new File("/usr/bin/chromedriver");
    assertThat(browser)
        .as("Debian's chromium is needed (./run-tests installs it: apt-get install chromium)")
        .canRead();
    assertThat(chromedriver)
        .as("Debian's chromium-driver is needed (apt-get install chromium-driver)")
        .canRead();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1440,900",
        "--user-data-dir=" + userDataDir.toAbsolutePath());
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(chromedriver).build();
    return new ChromeDriver(service, options);
  }

  @Test
  @Order(1)
  void anAdminSeesTheFleetAndAFaultLiveThenActsAndLogsOut() throws Exception {
    open();
    login("admin", TestServer.ADMIN_PASSWORD, "admin");
    WebElement web1 = awaitHost("web-1", "up");
    // Both tenants' three servers were placed on web-1, the only live host then.
    assertThat(web1.getText()).contains("web-1", "3 active");
    awaitHost("web-2", "up");
    screenshot("fleet");

    // A mark that a reload would wipe out: the page must change without one.
    script("window.faultlineNoReload = 'still here';");
    String faultId = fleet.reportDown("web-1", "browser-e1");
    awaitHost("web-1", "forced_down");
    assertThat(script("return window.faultlineNoReload;")).isEqualTo("still here");

    driver.findElement(By.id("nav-faults")).click();
    click(By.cssSelector(".fault-item[data-fault='" + faultId + "'] a"));
    // The waterfall grows as the stages are stamped, live; T7 is the consumer's acknowledgement.
    await(By.cssSelector("#waterfall .stage[data-stage='T7']"));
    assertThat(driver.findElements(By.cssSelector("#waterfall .stage")))
        .extracting(WebElement::getText)
        .anySatisfy(
            text ->
                assertThat(text)
                    .contains("T3 states committed")
                    .containsPattern("\\+[0-9.]+ m?s @ [0-9.]+ m?s"));
    assertThat(driver.findElement(By.id("fault-detail")).getText())
        .contains("compute.host.down on web-1", "Instances (3)", "Ports (1)", "Alarms (2)");
    assertThat(script("return window.faultlineNoReload;")).isEqualTo("still here");
    screenshot("faults");

    // Both tenants' alarms fired: two webhooks, each listed with its delivery id and outcome.
    List<String> deliveryIds = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String deliveryId = webhooks.deliveryIds.poll(30, TimeUnit.SECONDS);
      assertThat(deliveryId).as("webhook %d of 2", i + 1).isNotNull();
      deliveryIds.add(deliveryId);
    }
    driver.findElement(By.id("fault-deliveries")).click();
    for (String deliveryId : deliveryIds) {
      wait(WAIT)
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.id("delivery-table"), deliveryId));
    }
    assertThat(driver.findElement(By.id("delivery-table")).getText()).contains("sent");
    screenshot("deliveries");

    driver.findElement(By.id("nav-alarms")).click();
    await(By.cssSelector("tr[data-alarm='" + tenantAlarm + "']"));
    await(By.cssSelector("tr[data-name='tenant-b-vnf-down']"));
    wait(WAIT).until(driver -> alarmRow(tenantAlarm).getText().contains("alarm"));
    screenshot("alarms");
    click(By.cssSelector("tr[data-alarm='" + tenantAlarm + "'] button[data-action='acknowledge']"));
    confirm();
    wait(WAIT).until(driver -> alarmState(tenantAlarm).equals("ok"));

    driver.findElement(By.id("nav-fleet")).click();
    // A loaded machine may have taken longer than the service down time since web-2's last beat.
    server.beat("web-2");
    hostAction("web-2", "up", "host-down");
    awaitHost("web-2", "forced_down");
    assertThat(service("web-2").get("forced_down").asBoolean()).isTrue();
    hostAction("web-2", "forced_down", "host-up");
    awaitHost("web-2", "up");
    assertThat(service("web-2").get("forced_down").asBoolean()).isFalse();
    hostAction("web-2", "up", "maintenance-on");
    awaitHost("web-2", "maintenance");
    assertThat(service("web-2").get("status").asText()).isEqualTo("disabled");
    screenshot("fleet-maintenance");
    hostAction("web-2", "maintenance", "maintenance-off");
    awaitHost("web-2", "up");
    assertThat(service("web-2").get("status").asText()).isEqualTo("enabled");

    String token =
        (String) script("return JSON.parse(sessionStorage.getItem('faultline.session')).token;");
    driver.findElement(By.id("logout")).click();
    await(By.id("login-user"));
    assertThat(script("return sessionStorage.getItem('faultline.session');")).isNull();
    assertThat(
            server
                .http()
                .send(
                    "GET",
                    "/v3/auth/tokens",
                    server.adminToken(),
                    null,
                    Map.of("X-Subject-Token", token))
                .status())
        .as("the console's token is revoked on logout")
        .isEqualTo(404);

    assertEveryRequestStayedOnTheServer();
  }

  @Test
  @Order(2)
  void aMemberSeesOnlyItsProjectAndItsAlarmsLive() throws Exception {
    server.http().put("/v2/alarms/" + tenantAlarm + "/state", tenant.token(), "\"ok\"").expect(200);
    open();
    login(tenant.userName(), "pw", tenantProjectName);
    script("window.faultlineNoReload = 'still here';");
    await(By.id("project-servers"));
    assertThat(driver.findElement(By.id("project-servers")).getText())
        .contains("vnf-a", "vnf-a2")
        .doesNotContain("vnf-b");
    screenshot("member-fleet");

    driver.findElement(By.id("nav-alarms")).click();
    await(By.cssSelector("tr[data-name='tenant-a-vnf-down']"));
    assertThat(driver.findElement(By.id("alarm-table")).getText())
        .doesNotContain("tenant-b-vnf-down");
    assertThat(driver.findElements(By.id("alarm-project"))).as("no project filter").isEmpty();
    await(By.cssSelector("tr[data-alarm='" + tenantAlarm + "'] .state-ok"));
    // Pushed by the stream: the page neither reloads nor polls the alarm list.
    server
        .http()
        .put("/v2/alarms/" + tenantAlarm + "/state", tenant.token(), "\"alarm\"")
        .expect(200);
    await(By.cssSelector("tr[data-alarm='" + tenantAlarm + "'] .state-alarm"));
    assertThat(script("return window.faultlineNoReload;")).isEqualTo("still here");
    screenshot("member-alarms");

    driver.findElement(By.id("nav-faults")).click();
    await(By.id("faults-denied"));
    assertThat(driver.findElements(By.cssSelector(".fault-item"))).isEmpty();

    driver.findElement(By.id("logout")).click();
    await(By.id("login-user"));
    assertEveryRequestStayedOnTheServer();
  }

  /** Last: the hosts it adds would push the other tests' hosts out of the fleet list's view. */
  @Test
  @Order(3)
  void tenThousandHostsAreListedWithOnlyTheRowsInView() throws Exception {
    int added = 10_000;
    Instant now = Instant.now();
    JdbiComputeStore store = new JdbiComputeStore();
    server
        .context()
        .transactor()
        .run(
            tx -> {
              for (int i = 0; i < added; i++) {
                store.insertHost(tx, computeHost("rack-%05d".formatted(i), now));
              }
            });
    int hosts =
        server
            .http()
            .get("/v1/console/fleet", server.adminToken())
            .expect(200)
            .json()
            .get("hosts")
            .size();
    assertThat(hosts).isGreaterThan(added);

    open();
    login("admin", TestServer.ADMIN_PASSWORD, "admin");
    wait(WAIT)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".chip[data-state='all']"), "All " + hosts));
    assertThat(driver.findElements(By.cssSelector(".host-row")))
        .as("rows in the DOM for %d hosts", hosts)
        .hasSizeLessThan(100);
    screenshot("fleet-10000");

    script(
        "const list = document.getElementById('fleet-list'); list.scrollTop = list.scrollHeight;");
    await(By.cssSelector(".host-row[data-host='rack-%05d']".formatted(added - 1)));
    assertThat(driver.findElements(By.cssSelector(".host-row"))).hasSizeLessThan(100);

    driver.findElement(By.id("host-search")).sendKeys("rack-04242");
    await(By.cssSelector(".host-row[data-host='rack-04242']"));
    assertThat(driver.findElements(By.cssSelector(".host-row"))).hasSize(1);
    driver.findElement(By.id("logout")).click();
    await(By.id("login-user"));
  }

  private static ComputeHost computeHost(String name, Instant at) {
    return new ComputeHost(
        ServiceId.random(),
        name,
        ComputeHost.COMPUTE_BINARY,
        ServiceStatus.ENABLED,
        Optional.empty(),
        false,
        at,
        at,
        at,
        64,
        262_144,
        Optional.empty());
  }

  // ---------- helpers ----------

  private static void open() {
    // Forget what earlier tests loaded: from here on, every request is this test's page's.
    driver.manage().logs().get(LogType.PERFORMANCE);
    driver.get(server.baseUrl() + "/");
    script("sessionStorage.clear();");
    driver.navigate().refresh();
    await(By.id("login-user"));
  }

  private static void login(String user, String password, String project) {
    driver.findElement(By.id("login-user")).sendKeys(user);
    driver.findElement(By.id("login-password")).sendKeys(password);
    WebElement projectField = driver.findElement(By.id("login-project"));
    assertThat(projectField.getDomProperty("value")).isEqualTo("admin");
    projectField.clear();
    projectField.sendKeys(project);
    driver.findElement(By.id("login-submit")).click();
    wait(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "live"));
    assertThat(driver.findElement(By.id("who")).getText()).contains(user);
  }

  private static WebElement awaitHost(String host, String state) {
    return await(By.cssSelector(".host-row[data-host='" + host + "'][data-state='" + state + "']"));
  }

  /** Clicks an action of a host's row in the given state and confirms it. */
  private static void hostAction(String host, String state, String action) {
    click(
        By.cssSelector(
            ".host-row[data-host='%s'][data-state='%s'] button[data-action='%s']"
                .formatted(host, state, action)));
    confirm();
  }

  /** Clicks the element once it is visible, finding it again if the page re-rendered it. */
  private static void click(By locator) {
    wait(WAIT)
        .until(
            browser -> {
              WebElement element = browser.findElement(locator);
              if (!element.isDisplayed()) {
                return false;
              }
              element.click();
              return true;
            });
  }

  private static WebElement alarmRow(String alarmId) {
    return driver.findElement(By.cssSelector("tr[data-alarm='" + alarmId + "']"));
  }

  private static void confirm() {
    await(By.cssSelector("dialog#confirm[open]"));
    driver.findElement(By.id("confirm-ok")).click();
  }

  private static WebElement await(By locator) {
    return wait(WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  private static WebDriverWait wait(Duration timeout) {
    WebDriverWait wait = new WebDriverWait(driver, timeout);
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return wait;
  }

  private static Object script(String javascript) {
    return ((JavascriptExecutor) driver).executeScript(javascript);
  }

  private static String alarmState(String alarmId) {
    return server
        .http()
        .get("/v2/alarms/" + alarmId, server.adminToken())
        .expect(200)
        .json()
        .get("state")
        .asText();
  }

  private static JsonNode service(String host) {
    return server
        .http()
        .send(
            "GET",
            "/v2.1/os-services?host=" + host,
            server.adminToken(),
            null,
            Map.of("OpenStack-API-Version", "compute 2.53"))
        .expect(200)
        .json()
        .at("/services/0");
  }

  private static void screenshot(String name) throws IOException {
    Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  /**
   * Every request the page made, as Chromium's network log records them, went to this server (or
   * was inline data, or one of Chromium's built-in resources): no CDN, no font service, nothing
   * else.
   */
  private static void assertEveryRequestStayedOnTheServer() throws IOException {
    List<String> urls = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
      JsonNode message = JSON.readTree(entry.getMessage()).get("message");
      if (message.get("method").asText().equals("Network.requestWillBeSent")) {
        urls.add(message.at("/params/request/url").asText());
      }
    }
    assertThat(urls).as("requests the page made").isNotEmpty();
    assertThat(urls)
        .as("requests outside %s", server.baseUrl())
        .allSatisfy(
            url ->
                assertThat(
                        url.startsWith(server.baseUrl() + "/")
                            || url.startsWith("data:")
                            // Chromium's own resources (a search field's clear icon) never leave
                            // the browser.
                            || url.startsWith("chrome://"))
                    .as(url)
                    .isTrue());
    assertThat(urls).anySatisfy(url -> assertThat(url).endsWith("/v1/stream"));
  }
}

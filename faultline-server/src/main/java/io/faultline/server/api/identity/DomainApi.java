package io.faultline.server.api.identity;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.identity.Domain;
import io.faultline.identity.DomainService;
import io.faultline.identity.DomainService.DomainDraft;
import io.faultline.server.api.identity.IdentityRepresentations.SelfLink;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Keystone v3 domains: create, show, update, list, and delete once disabled. */
public final class DomainApi implements ApiModule {
  private static final Service KEYSTONE = Service.IDENTITY;

  private final DomainService domains;

  public DomainApi(DomainService domains) {
    this.domains = requireNonNull(domains, "domains is null");
  }

  /** A domain on the wire. */
  record DomainRepresentation(
      String id,
      String name,
      String description,
      boolean enabled,
      List<String> tags,
      Map<String, Object> options,
      SelfLink links) {
    static DomainRepresentation from(Domain domain, String baseUrl) {
      return new DomainRepresentation(
          domain.id().value(),
          domain.name(),
          domain.description(),
          domain.enabled(),
          List.of(),
          Map.of(),
          new SelfLink(baseUrl + "/v3/domains/" + domain.id().value()));
    }
  }

  record DomainBody(DomainRepresentation domain) {}

  record DomainList(List<DomainRepresentation> domains, SelfLink links) {}

  @Override
  public void register(Router router) {
    router.get(KEYSTONE, "/v3/domains", this::list);
    router.post(KEYSTONE, "/v3/domains", this::create);
    router.get(
        KEYSTONE,
        "/v3/domains/{id}",
        e -> e.json(200, body(e, domains.get(e.credentials(), e.pathParam("id")))));
    router.patch(KEYSTONE, "/v3/domains/{id}", this::update);
    router.delete(KEYSTONE, "/v3/domains/{id}", this::delete);
  }

  private void list(Exchange exchange) {
    QueryFilters.allowOnly(exchange, Set.of("name", "enabled"));
    String base = exchange.baseUrl();
    List<DomainRepresentation> list =
        domains
            .list(
                exchange.credentials(),
                exchange.query("name"),
                QueryFilters.bool(exchange, "enabled"))
            .stream()
            .map(d -> DomainRepresentation.from(d, base))
            .toList();
    exchange.json(200, new DomainList(list, new SelfLink(base + "/v3/domains")));
  }

  private void create(Exchange exchange) {
    DomainDraft draft = draft(Json.object(exchange.jsonObject(), "domain"));
    exchange.json(201, body(exchange, domains.create(exchange.credentials(), draft)));
  }

  private void update(Exchange exchange) {
    DomainDraft draft = draft(Json.object(exchange.jsonObject(), "domain"));
    exchange.json(
        200,
        body(exchange, domains.update(exchange.credentials(), exchange.pathParam("id"), draft)));
  }

  private void delete(Exchange exchange) {
    domains.delete(exchange.credentials(), exchange.pathParam("id"));
    exchange.noContent();
  }

  private static DomainBody body(Exchange exchange, Domain domain) {
    return new DomainBody(DomainRepresentation.from(domain, exchange.baseUrl()));
  }

  private static DomainDraft draft(ObjectNode domain) {
    return new DomainDraft(
        Json.optionalString(domain, "name", "domain.name"),
        Json.optionalString(domain, "description", "domain.description"),
        Json.optionalBoolean(domain, "enabled", "domain.enabled"));
  }
}

package io.faultline.server.api.identity;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.faultline.identity.Role;
import io.faultline.identity.RoleInferenceService;
import io.faultline.identity.RoleInferenceService.Implications;
import io.faultline.identity.RoleInferenceService.Inference;
import io.faultline.server.api.identity.IdentityRepresentations.SelfLink;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.util.List;
import java.util.Set;

/** Keystone v3 implied roles: {@code /v3/roles/{prior}/implies/{implied}} and the rule list. */
public final class RoleInferenceApi implements ApiModule {
  private static final Service KEYSTONE = Service.IDENTITY;
  private static final String RULE = "/v3/roles/{prior}/implies/{implied}";

  private final RoleInferenceService inferences;

  public RoleInferenceApi(RoleInferenceService inferences) {
    this.inferences = requireNonNull(inferences, "inferences is null");
  }

  record RoleReference(String id, String name, SelfLink links) {
    static RoleReference from(Role role, String baseUrl) {
      return new RoleReference(
          role.id().value(), role.name(), new SelfLink(baseUrl + "/v3/roles/" + role.id()));
    }
  }

  record RuleRepresentation(
      @JsonProperty("prior_role") RoleReference priorRole, RoleReference implies) {}

  record RuleBody(@JsonProperty("role_inference") RuleRepresentation rule, SelfLink links) {}

  record ImplicationsRepresentation(
      @JsonProperty("prior_role") RoleReference priorRole, List<RoleReference> implies) {
    static ImplicationsRepresentation from(Implications implications, String baseUrl) {
      return new ImplicationsRepresentation(
          RoleReference.from(implications.prior(), baseUrl),
          implications.implied().stream().map(r -> RoleReference.from(r, baseUrl)).toList());
    }
  }

  record ImplicationsBody(
      @JsonProperty("role_inference") ImplicationsRepresentation implications, SelfLink links) {}

  record RuleList(
      @JsonProperty("role_inferences") List<ImplicationsRepresentation> rules, SelfLink links) {}

  @Override
  public void register(Router router) {
    router.put(KEYSTONE, RULE, this::create);
    router.get(KEYSTONE, RULE, this::show);
    router.head(KEYSTONE, RULE, this::check);
    router.delete(KEYSTONE, RULE, this::delete);
    router.get(KEYSTONE, "/v3/roles/{prior}/implies", this::listFor);
    router.get(KEYSTONE, "/v3/role_inferences", this::list);
  }

  private void create(Exchange exchange) {
    Inference inference =
        inferences.create(
            exchange.credentials(), exchange.pathParam("prior"), exchange.pathParam("implied"));
    exchange.json(201, body(exchange, inference));
  }

  private void show(Exchange exchange) {
    Inference inference =
        inferences.get(
            exchange.credentials(), exchange.pathParam("prior"), exchange.pathParam("implied"));
    exchange.json(200, body(exchange, inference));
  }

  private void check(Exchange exchange) {
    inferences.get(
        exchange.credentials(), exchange.pathParam("prior"), exchange.pathParam("implied"));
    exchange.noContent();
  }

  private void delete(Exchange exchange) {
    inferences.delete(
        exchange.credentials(), exchange.pathParam("prior"), exchange.pathParam("implied"));
    exchange.noContent();
  }

  private void listFor(Exchange exchange) {
    QueryFilters.allowOnly(exchange, Set.of());
    String base = exchange.baseUrl();
    Implications implications =
        inferences.listFor(exchange.credentials(), exchange.pathParam("prior"));
    exchange.json(
        200,
        new ImplicationsBody(
            ImplicationsRepresentation.from(implications, base),
            new SelfLink(base + exchange.path())));
  }

  private void list(Exchange exchange) {
    QueryFilters.allowOnly(exchange, Set.of());
    String base = exchange.baseUrl();
    exchange.json(
        200,
        new RuleList(
            inferences.list(exchange.credentials()).stream()
                .map(i -> ImplicationsRepresentation.from(i, base))
                .toList(),
            new SelfLink(base + "/v3/role_inferences")));
  }

  private static RuleBody body(Exchange exchange, Inference inference) {
    String base = exchange.baseUrl();
    return new RuleBody(
        new RuleRepresentation(
            RoleReference.from(inference.prior(), base),
            RoleReference.from(inference.implied(), base)),
        new SelfLink(
            base + "/v3/roles/" + inference.prior().id() + "/implies/" + inference.implied().id()));
  }
}

package io.faultline.server.api.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/** The API extensions Faultline's Neutron implements, as {@code GET /v2.0/extensions} lists. */
final class NeutronExtensions {
  /** An extension as Neutron lists it; none has links. */
  record Extension(String alias, String name, String description, String updated) {
    @JsonProperty
    public List<Object> links() {
      return List.of();
    }
  }

  static final List<Extension> ALL =
      List.of(
          new Extension(
              "data-plane-status",
              "Port data plane status extension",
              "Expose status of underlying data plane",
              "2017-01-24T10:00:00-00:00"),
          new Extension(
              "security-group",
              "security-group",
              "The security groups extension.",
              "2012-10-05T10:00:00-00:00"),
          new Extension(
              "binding",
              "Port Binding",
              "Expose port bindings of a virtual port to external application",
              "2014-02-03T10:00:00-00:00"),
          new Extension(
              "standard-attr-revisions",
              "Resource revision numbers",
              "This extension will display the revision number of neutron resources.",
              "2016-04-11T10:00:00-00:00"),
          new Extension(
              "revision-if-match",
              "If-Match constraints based on revision_number",
              "Extension indicating that If-Match based on revision_number is supported.",
              "2016-12-11T00:00:00-00:00"),
          new Extension(
              "standard-attr-timestamp",
              "Resource timestamps",
              "Adds created_at and updated_at fields to all Neutron resources that have Neutron"
                  + " standard attributes.",
              "2016-09-12T10:00:00-00:00"),
          new Extension(
              "standard-attr-description",
              "standard-attr-description",
              "Extension to add descriptions to standard attributes",
              "2016-02-10T10:00:00-00:00"),
          new Extension(
              "project-id",
              "project_id field enabled",
              "Extension that indicates that project_id field is enabled.",
              "2016-09-09T09:09:09-09:09"),
          new Extension(
              "filter-validation",
              "Filter parameters validation",
              "Provides validation on filter parameters.",
              "2018-03-21T10:00:00-00:00"),
          new Extension(
              "port-resource-request",
              "Port Resource Request",
              "Expose resource request to Port",
              "2018-05-08T10:00:00-00:00"));

  private NeutronExtensions() {}

  static Optional<Extension> find(String alias) {
    return ALL.stream().filter(extension -> extension.alias().equals(alias)).findFirst();
  }
}

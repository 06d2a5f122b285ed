package dev.fogbank.shared.template;

/** A resource of any type, with properties set by name; checked against its schema at synth. */
public final class Resource extends ResourceDefinition<Resource> {

  private Resource(String logicalId, String type) {
    super(logicalId, type);
  }

  public static Resource of(String logicalId, String type) {
    return new Resource(logicalId, type);
  }
}

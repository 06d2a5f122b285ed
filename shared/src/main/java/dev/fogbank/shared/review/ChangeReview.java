package dev.fogbank.shared.review;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.stack.ImportsUnsupportedException;
import dev.fogbank.shared.stack.ResourceChange;
import dev.fogbank.shared.stack.StackGateway;
import dev.fogbank.shared.template.ResourceDefinition;
import dev.fogbank.shared.template.Template;
import dev.fogbank.shared.template.TemplateReader;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reviews a READY change set before it runs: for each change, whether it replaces the resource,
 * what changes and how risky it is, in words; the exports it removes or changes and the stacks
 * importing them; the changes the stack policy would deny. A deployment that would fail part-way
 * (an export still imported, a denied change) comes back {@link Review#blocked() blocked}.
 *
 * <p>Replacement comes from the change set when it says True or False. Where it says nothing
 * (emulators never do) or Conditional, fogbank compares the deployed and the new template with
 * parameters resolved, against each type's create-only properties. Bad input never throws: a
 * template that does not parse, an unknown type or values known only during the update give
 * Conditional changes with a note saying why.
 */
public final class ChangeReview {

  private static final String FROM_CHANGE_SET = "change set";
  private static final String FROM_TEMPLATES = "template diff";
  private static final List<String> ACTION_ORDER =
      List.of("Remove", "Modify", "Dynamic", "Import", "Add");

  private final ResourceSchemas schemas;
  private final Function<String, List<String>> importers;
  private final VisibleImporters visible;

  private ChangeReview(
      ResourceSchemas schemas,
      Function<String, List<String>> importers,
      VisibleImporters visible) {
    this.schemas = Objects.requireNonNull(schemas, "schemas");
    this.importers = Objects.requireNonNull(importers, "importers");
    this.visible = visible;
  }

  /**
   * A review asking {@code gateway} who imports an export (ListImports); where the endpoint has no
   * ListImports, the stacks it lists whose templates import it ({@link VisibleImporters}), with a
   * note saying so.
   */
  public static ChangeReview of(StackGateway gateway) {
    return new ChangeReview(
        ResourceSchemas.bundled(), gateway::importers, new VisibleImporters(gateway));
  }

  /**
   * @param importers the stacks that import an export name (empty when none does)
   */
  public static ChangeReview of(ResourceSchemas schemas, Function<String, List<String>> importers) {
    return new ChangeReview(schemas, importers, null);
  }

  /** {@link #importers}, falling back to {@link #visible} once the endpoint shows it has none. */
  private Function<String, List<String>> importerLookup(List<String> notes) {
    boolean[] unsupported = {false};
    return exportName -> {
      if (!unsupported[0]) {
        try {
          return importers.apply(exportName);
        } catch (ImportsUnsupportedException e) {
          if (visible == null) {
            throw e;
          }
          unsupported[0] = true;
        }
      }
      List<String> found = visible.importers(exportName);
      notes.add(visible.note(exportName, found));
      return found;
    };
  }

  /**
   * Reviews the change set. Bad input (templates, values) never throws; only the importers lookup
   * can, with its own error (an AWS outage is {@code AWS_UNAVAILABLE}, which the caller retries).
   */
  public Review review(ReviewRequest request) {
    List<String> notes = new ArrayList<>();
    String stackName = request.changeSet().stackName();
    Template deployed = read(request.deployedTemplate(), "deployed", notes);
    Template next = read(request.newTemplate(), "new", notes);
    TemplateValues oldValues =
        deployed == null
            ? null
            : TemplateValues.of(deployed, request.deployedParameters(), stackName);
    TemplateValues newValues =
        next == null ? null : TemplateValues.of(next, request.newParameters(), stackName);
    if (next != null && !next.transforms().isEmpty()) {
      notes.add(
          "the new template has a Transform: fogbank compares the templates as written, so"
              + " resources the transform creates are judged from the change set alone");
    }

    List<ResourceChange> rows = request.changeSet().changes();
    Map<String, Replacement> replacement = new HashMap<>();
    Map<String, Decision> decisions = new LinkedHashMap<>();
    for (ResourceChange row : rows) {
      Decision d = decide(row, deployed, oldValues, next, newValues, Set.of());
      decisions.put(row.logicalId(), d);
      replacement.put(row.logicalId(), d.replacement());
    }
    // A create-only value that refers to a replaced resource changes too: repeat until stable.
    Map<String, Set<String>> references = new HashMap<>();
    for (int round = 0; round < rows.size(); round++) {
      Set<String> replaced = new HashSet<>();
      replacement.forEach(
          (id, r) -> {
            if (r != Replacement.FALSE) {
              replaced.add(id);
            }
          });
      boolean changed = false;
      for (ResourceChange row : rows) {
        Decision d = decisions.get(row.logicalId());
        if (!d.computed() || d.replacement() != Replacement.FALSE) {
          continue;
        }
        Set<String> refs =
            references.computeIfAbsent(
                row.logicalId(), id -> TemplateValues.references(resource(next, id).properties()));
        if (refs.stream().noneMatch(replaced::contains)) {
          continue;
        }
        Decision again = decide(row, deployed, oldValues, next, newValues, replaced);
        if (again.replacement() != Replacement.FALSE) {
          decisions.put(row.logicalId(), again);
          replacement.put(row.logicalId(), again.replacement());
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }

    List<ReviewedChange> changes = new ArrayList<>();
    for (ResourceChange row : rows) {
      Decision d = decisions.get(row.logicalId());
      ResourceDefinition<?> before = resource(deployed, row.logicalId());
      ResourceDefinition<?> after = resource(next, row.logicalId());
      RiskRules.Assessment risk =
          RiskRules.assess(
              row.action(),
              row.logicalId(),
              row.resourceType(),
              d.replacement(),
              d.why(),
              before,
              after);
      changes.add(
          new ReviewedChange(
              row.action(),
              row.logicalId(),
              row.resourceType(),
              d.replacement(),
              d.source(),
              d.properties(),
              risk.risk(),
              risk.reason()));
    }
    changes.sort(
        Comparator.comparing(ReviewedChange::risk)
            .thenComparing(ReviewedChange::replacement)
            .thenComparing(c -> actionRank(c.action()))
            .thenComparing(ReviewedChange::logicalId));

    List<ExportImpact> exports = List.of();
    if (deployed != null && next != null) {
      exports =
          ExportAnalysis.impacts(
              deployed, oldValues, next, newValues, replacement, importerLookup(notes), notes);
    } else if (request.deployedTemplate() != null) {
      notes.add("exports were not checked: both templates are needed to compare them");
    }

    List<PolicyDenial> denials =
        request.stackPolicy() == null ? List.of() : request.stackPolicy().denials(changes);

    List<String> blockReasons = new ArrayList<>();
    exports.stream().filter(ExportImpact::blocks).forEach(e -> blockReasons.add(e.reason()));
    for (PolicyDenial denial : denials) {
      if (denial.certain()) {
        blockReasons.add(denial.reason());
      } else {
        notes.add(denial.reason());
      }
    }

    Map<String, Integer> byAction = new TreeMap<>();
    Map<Severity, Integer> byRisk = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      byRisk.put(s, 0);
    }
    Severity worst = Severity.LOW;
    for (ReviewedChange c : changes) {
      byAction.merge(c.action(), 1, Integer::sum);
      byRisk.merge(c.risk(), 1, Integer::sum);
      worst = c.risk().atLeast(worst) ? c.risk() : worst;
    }
    return new Review(
        worst,
        changes,
        byAction,
        byRisk,
        exports,
        denials,
        !blockReasons.isEmpty(),
        blockReasons,
        notes);
  }

  /** Replacement and changed properties of one row, and where they come from. */
  private record Decision(
      Replacement replacement,
      String source,
      boolean computed,
      List<PropertyChange> properties,
      String why) {}

  private Decision decide(
      ResourceChange row,
      Template deployed,
      TemplateValues oldValues,
      Template next,
      TemplateValues newValues,
      Set<String> replaced) {
    List<PropertyChange> fromDetails = fromDetails(row);
    if (!row.action().equals("Modify") && !row.action().equals("Dynamic")) {
      return new Decision(Replacement.FALSE, FROM_CHANGE_SET, false, fromDetails, row.action());
    }
    var said = Replacement.fromChangeSet(row.replacement());
    if (said.isPresent() && said.get() != Replacement.CONDITIONAL) {
      return new Decision(
          said.get(), FROM_CHANGE_SET, false, fromDetails, detailWords(fromDetails, said.get()));
    }
    ResourceDefinition<?> before = resource(deployed, row.logicalId());
    ResourceDefinition<?> after = resource(next, row.logicalId());
    if (before == null || after == null) {
      String missing =
          deployed == null || next == null
              ? "a template could not be read"
              : (before == null ? "the deployed" : "the new")
                  + " template as written has no resource "
                  + row.logicalId();
      return new Decision(
          Replacement.CONDITIONAL,
          said.isPresent() ? FROM_CHANGE_SET : FROM_TEMPLATES,
          false,
          fromDetails,
          "fogbank cannot tell whether it is replaced: " + missing);
    }
    PropertyDiff.Result diff =
        PropertyDiff.compare(
            before, oldValues, after, newValues, schemas.schema(after.type()), replaced);
    List<PropertyChange> properties = merge(diff.changes(), fromDetails);
    if (said.isPresent() && diff.replacement() != Replacement.TRUE) {
      // CloudFormation's Conditional stands unless the templates show a certain replacement.
      return new Decision(
          Replacement.CONDITIONAL,
          FROM_CHANGE_SET,
          false,
          properties,
          "CloudFormation says Replacement Conditional; " + diff.summary());
    }
    return new Decision(diff.replacement(), FROM_TEMPLATES, true, properties, diff.summary());
  }

  /** CloudFormation's Details as property changes (top-level names only). */
  private static List<PropertyChange> fromDetails(ResourceChange row) {
    Map<String, PropertyChange> byName = new LinkedHashMap<>();
    for (ResourceChange.Detail d : row.details()) {
      String name =
          "Properties".equals(d.attribute()) && d.name() != null ? d.name() : d.attribute();
      if (name == null) {
        continue;
      }
      Replacement r =
          switch (d.requiresRecreation() == null ? "" : d.requiresRecreation()) {
            case "Always" -> Replacement.TRUE;
            case "Conditionally" -> Replacement.CONDITIONAL;
            default -> Replacement.FALSE;
          };
      String note =
          "change set: RequiresRecreation "
              + (d.requiresRecreation() == null ? "not given" : d.requiresRecreation())
              + (d.causingEntity() == null ? "" : ", caused by " + d.causingEntity());
      PropertyChange change = new PropertyChange(name, r, note);
      byName.merge(
          name, change, (a, b) -> a.replaces().orWorse(b.replaces()) == a.replaces() ? a : b);
    }
    return new ArrayList<>(byName.values());
  }

  /** The template diff's paths, plus what only the change set names. */
  private static List<PropertyChange> merge(
      List<PropertyChange> computed, List<PropertyChange> fromDetails) {
    List<PropertyChange> all = new ArrayList<>(computed);
    for (PropertyChange d : fromDetails) {
      boolean covered =
          computed.stream()
              .anyMatch(
                  c ->
                      c.path().equals(d.path())
                          || c.path().startsWith(d.path() + ".")
                          || c.path().startsWith(d.path() + "["));
      if (!covered) {
        all.add(d);
      }
    }
    return all;
  }

  /** What the change set's details say changes, e.g. "KeySchema changes (change set)". */
  private static String detailWords(List<PropertyChange> details, Replacement said) {
    List<String> names =
        details.stream()
            .filter(p -> said == Replacement.FALSE || p.replaces() != Replacement.FALSE)
            .map(PropertyChange::path)
            .toList();
    String source = "change set: Replacement " + said.word();
    return names.isEmpty()
        ? source
        : String.join(", ", names) + (names.size() == 1 ? " changes" : " change") + "; " + source;
  }

  private static int actionRank(String action) {
    int i = ACTION_ORDER.indexOf(action);
    return i < 0 ? ACTION_ORDER.size() : i;
  }

  private static ResourceDefinition<?> resource(Template template, String logicalId) {
    return template == null ? null : template.resources().get(logicalId);
  }

  /** The template, or null with a note saying why it could not be read. */
  private static Template read(String text, String which, List<String> notes) {
    if (text == null) {
      return null;
    }
    try {
      return TemplateReader.readSource(text.getBytes(StandardCharsets.UTF_8)).template();
    } catch (DeploymentException e) {
      notes.add(
          "the "
              + which
              + " template could not be read, so replacement is judged from the change set"
              + " alone: "
              + e.getMessage());
      return null;
    }
  }
}

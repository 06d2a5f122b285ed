package dev.fogbank.shared.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.FaultInjector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudformation.model.ListStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;

/**
 * A drift scan set to look beyond fogbank's history ({@code FOGBANK_DRIFT_DISCOVER}): stacks
 * created directly on the emulator, never deployed through fogbank, found with ListStacks and
 * joined with the stacks that have history.
 */
@ExtendWith(AwsEndpointExtension.class)
class DiscoveredStacksIT {
  private static final String ACCOUNT = "123456789012";
  private static final String TEMPLATE =
      "{\"Resources\":{\"Handle\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}}}";

  private final FaultInjector faults = new FaultInjector();
  private AwsEndpoint aws;
  private AwsClientFactory clients;
  private String region;

  @BeforeEach
  void setUp(AwsEndpoint aws) {
    this.aws = aws;
    aws.reset();
    region = aws.region();
    clients = aws.clients(faults);
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  private void create(String name) {
    clients.cloudFormation().createStack(r -> r.stackName(name).templateBody(TEMPLATE));
  }

  /** Stacks with fogbank history: "web" and "legacy-a" (deployed through fogbank since). */
  private ManagedStacks history() {
    return limit ->
        List.of(StackRef.of(ACCOUNT, region, "legacy-a"), StackRef.of(ACCOUNT, region, "web"));
  }

  private List<String> names(ManagedStacks stacks, int limit) {
    return stacks.list(limit).stream().map(StackRef::name).toList();
  }

  @Test
  void list_whenPatternsMatchStacksCreatedDirectly_thenUnionWithHistoryOnceEachInNameOrder() {
    for (String name : List.of("legacy-a", "legacy-b", "legacy-c", "other", "legacy-gone")) {
      create(name);
    }
    clients.cloudFormation().deleteStack(r -> r.stackName("legacy-gone"));

    ManagedStacks scanned =
        history()
            .alsoMatching(
                List.of("legacy-*"),
                () -> new CloudFormationStackGateway(clients.cloudFormation()).stackNames(),
                ACCOUNT,
                region);

    // legacy-a once (history and ListStacks); legacy-gone is DELETE_COMPLETE; other matches no
    // pattern; web has history only.
    assertEquals(List.of("legacy-a", "legacy-b", "legacy-c", "web"), names(scanned, 100));
    assertEquals(List.of("legacy-a", "legacy-b"), names(scanned, 2));
    assertEquals(
        List.of("legacy-b", "legacy-c"),
        scanned.list(100, new DriftScanScope(List.of("legacy-*"), List.of("legacy-a"))::matches)
            .stream()
            .map(StackRef::name)
            .toList());
    assertEquals(ACCOUNT, scanned.list(100).get(1).account());
  }

  @Test
  void list_whenNoPatterns_thenHistoryOnlyAndListStacksNeverCalled() {
    create("legacy-b");
    AtomicInteger asked = new AtomicInteger();

    ManagedStacks scanned =
        history()
            .alsoMatching(
                List.of(),
                () -> {
                  asked.incrementAndGet();
                  return List.of("legacy-b");
                },
                ACCOUNT,
                region);

    assertEquals(List.of("legacy-a", "web"), names(scanned, 100));
    assertEquals(0, asked.get());
  }

  /**
   * Stands in for CloudFormation paging ListStacks (moto answers every stack on one page): the
   * first answer keeps the first half of its stacks and a NextToken, the answer to a request with
   * that token the rest and no token. Keeps each request's token and status filter.
   */
  private static final class ListStacksPages implements ExecutionInterceptor {
    final List<ListStacksRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public SdkResponse modifyResponse(
        Context.ModifyResponse context, ExecutionAttributes attributes) {
      if (!(context.response() instanceof ListStacksResponse answer)) {
        return context.response();
      }
      ListStacksRequest request = (ListStacksRequest) context.request();
      requests.add(request);
      List<StackSummary> all = answer.stackSummaries();
      int half = all.size() / 2;
      return request.nextToken() == null
          ? answer.toBuilder().stackSummaries(all.subList(0, half)).nextToken("page-2").build()
          : answer.toBuilder()
              .stackSummaries(all.subList(half, all.size()))
              .nextToken(null)
              .build();
    }
  }

  @Test
  void stackNames_whenListStacksIsPaged_thenEveryPageFollowedAskingOnlyExistingStatuses() {
    for (int i = 0; i < 6; i++) {
      create("legacy-" + i);
    }
    ListStacksPages pages = new ListStacksPages();

    List<String> names;
    try (AwsClientFactory paged = aws.clients(pages)) {
      names = new CloudFormationStackGateway(paged.cloudFormation()).stackNames();
    }

    assertEquals(
        List.of("legacy-0", "legacy-1", "legacy-2", "legacy-3", "legacy-4", "legacy-5"),
        names.stream().sorted().toList());
    assertEquals(2, pages.requests.size());
    assertEquals("page-2", pages.requests.get(1).nextToken());
    assertFalse(
        pages.requests.getFirst().stackStatusFilters().contains(StackStatus.DELETE_COMPLETE),
        pages.requests.getFirst().toString());
    assertTrue(
        pages.requests.getFirst()
            .stackStatusFilters()
            .contains(StackStatus.UPDATE_ROLLBACK_FAILED));
  }
}

package dev.fogbank.functions.wiring;

import dagger.Lazy;
import dagger.Module;
import dagger.Provides;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.estimate.CachingPriceBook;
import dev.fogbank.shared.estimate.CostEstimator;
import dev.fogbank.shared.estimate.DynamoDbPriceCache;
import dev.fogbank.shared.estimate.PricingApiPriceSource;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Cost estimates: Price List prices cached in the control table for a week. */
@Module(includes = AwsModule.class)
public final class EstimateModule {
  private EstimateModule() {}

  @Provides
  @Singleton
  static CostEstimator estimator(Lazy<CachingPriceBook> prices) {
    // The clients are built on the first price asked for: the step handlers that share this
    // component without estimating (validate, create, execute) never build them.
    return new CostEstimator(query -> prices.get().price(query));
  }

  @Provides
  @Singleton
  static CachingPriceBook prices(AwsClientFactory aws, FunctionEnvironment env, Clock clock) {
    return new CachingPriceBook(
        new DynamoDbPriceCache(
            aws.dynamoDb(), env.tableName(), CachingPriceBook.DEFAULT_REFRESH_PERIOD),
        new PricingApiPriceSource(aws.pricing()),
        clock,
        CachingPriceBook.DEFAULT_REFRESH_PERIOD);
  }
}

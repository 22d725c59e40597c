package io.coverclaims.chainbridge.it;

import static io.coverclaims.chainbridge.it.ChainTestKit.account;
import static io.coverclaims.chainbridge.it.ChainTestKit.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.chainbridge.chain.PriceFeedPoller;
import io.coverclaims.chainbridge.contracts.TestPriceFeed;
import io.coverclaims.chainbridge.view.PriceFeedSources;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.schemas.oracle.FeedSourceDisabled;
import io.coverclaims.schemas.oracle.FeedSourceRegistered;
import io.coverclaims.schemas.oracle.RecordPriceObservation;
import io.coverclaims.schemas.oracle.SourceKind;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * On-chain price feeds against a real anvil and broker: TestPriceFeed contracts registered as CHAINLINK_AGGREGATOR
 * sources on the test's oracle events topic, their rounds read by the poller and sent as RecordPriceObservation to
 * the test's oracle commands topic ({@link OracleTopicsTestResource}).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(ChainTestResource.class)
@QuarkusTestResource(OracleTopicsTestResource.class)
class PriceFeedPollerTest extends ChainServiceTest {

    static final String EVENTS = OracleTopicsTestResource.EVENTS;
    static final String COMMANDS = OracleTopicsTestResource.COMMANDS;
    static final BigInteger ONE_E18 = BigInteger.TEN.pow(18);
    static final AtomicLong VERSIONS = new AtomicLong();

    @Inject
    PriceFeedPoller poller;

    @Inject
    PriceFeedSources sources;

    final Credentials deployer = account(8);

    static String newFeedId() {
        return "USDC-USD-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void each_new_round_becomes_one_observation_converted_to_1e8_and_rounded_down() throws Exception {
        ServiceConformance.awaitReady();
        String feedId = newFeedId();
        TestPriceFeed feed8 = kit.deployPriceFeed(deployer, 8, "USDC / USD", BigInteger.valueOf(100_000_000));
        TestPriceFeed feed18 = kit.deployPriceFeed(deployer, 18, "USDC / USD", ONE_E18);
        // registered with other decimals than the aggregator answers with: never read as a price; it is registered
        // first, on the same feed (one partition), so every pass that reads the others has read it too
        register(feedId, "chainlink-wrong-decimals", feed8.getContractAddress(), 6);
        // an aggregator that cannot be read (an account, no contract) and one that is no address: skipped, the
        // others are still read
        register(feedId, "chainlink-no-contract", account(9).getAddress(), 8);
        register(feedId, "chainlink-no-address", "chainlink://usdc-usd", 8);
        // the address as oracle.events may carry it (any case): reported in canonical form
        register(
                feedId,
                "chainlink-8",
                "0x" + feed8.getContractAddress().substring(2).toUpperCase(Locale.ROOT),
                8);
        register(feedId, "chainlink-18", feed18.getContractAddress(), 18);

        RecordPriceObservation first8 = awaitObservation(feedId, "chainlink-8", "1");
        assertThat(first8.getPriceE8()).isEqualTo(100_000_000L);
        assertThat(first8.getRawAnswer()).isEqualTo("100000000");
        assertThat(first8.getObservedAt()).isEqualTo(updatedAt(feed8));
        assertThat(first8.getReporter()).isEqualTo(feed8.getContractAddress().toLowerCase(Locale.ROOT));
        assertThat(first8.getSignature()).isNull();
        assertThat(first8.getMetadata().getAggregateId()).isEqualTo(feedId);
        assertThat(first8.getMetadata().getActor()).isEqualTo("chain-bridge");
        assertThat(first8.getMetadata().getExpectedVersion()).isNull();
        RecordPriceObservation first18 = awaitObservation(feedId, "chainlink-18", "1");
        assertThat(first18.getPriceE8()).isEqualTo(100_000_000L);
        assertThat(first18.getRawAnswer()).isEqualTo("1000000000000000000");
        assertThat(first18.getReporter()).isEqualTo(feed18.getContractAddress().toLowerCase(Locale.ROOT));

        // 1.00 -> 0.97; with 18 decimals 0.969999999999999999, which is 0.96999999 rounded down
        feed8.updateAnswer(BigInteger.valueOf(97_000_000)).send();
        feed18.updateAnswer(new BigInteger("969999999999999999")).send();
        RecordPriceObservation second8 = awaitObservation(feedId, "chainlink-8", "2");
        assertThat(second8.getPriceE8()).isEqualTo(97_000_000L);
        assertThat(second8.getRawAnswer()).isEqualTo("97000000");
        assertThat(second8.getObservedAt()).isEqualTo(updatedAt(feed8));
        RecordPriceObservation second18 = awaitObservation(feedId, "chainlink-18", "2");
        assertThat(second18.getPriceE8()).isEqualTo(96_999_999L);
        assertThat(second18.getRawAnswer()).isEqualTo("969999999999999999");
        assertThat(second18.getObservedAt()).isEqualTo(updatedAt(feed18));

        // a round whose answer is no price is skipped, and the next one is read
        feed8.updateAnswer(BigInteger.valueOf(-5)).send();
        awaitPasses(3);
        // a round with its own update time (e.g. a feed catching up): observedAt is the round's, not the read's
        feed8.updateRoundData(
                        BigInteger.valueOf(98_000_000),
                        BigInteger.valueOf(1_700_000_000L),
                        BigInteger.valueOf(1_700_000_042L))
                .send();
        RecordPriceObservation fourth8 = awaitObservation(feedId, "chainlink-8", "4");
        assertThat(fourth8.getPriceE8()).isEqualTo(98_000_000L);
        assertThat(fourth8.getObservedAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_042L));

        // once per round, every one keyed by its feed id, each with its own command id
        awaitPasses(3);
        List<RecordPriceObservation> sent = observations(feedId);
        assertThat(sent)
                .extracting(o -> o.getSourceId() + "#" + o.getRoundId())
                .containsExactlyInAnyOrder(
                        "chainlink-8#1", "chainlink-8#2", "chainlink-8#4", "chainlink-18#1", "chainlink-18#2");
        assertThat(sent).extracting(o -> o.getMetadata().getCommandId()).doesNotHaveDuplicates();
        assertThat(kit.readAll(COMMANDS, feedId)).hasSameSizeAs(sent);
    }

    @Test
    void after_a_restart_the_latest_round_is_sent_again_with_the_same_command_id() throws Exception {
        ServiceConformance.awaitReady();
        String feedId = newFeedId();
        TestPriceFeed feed = kit.deployPriceFeed(deployer, 8, "USDC / USD", BigInteger.valueOf(100_000_000));
        feed.updateAnswer(BigInteger.valueOf(99_000_000)).send();
        register(feedId, "chainlink", feed.getContractAddress(), 8);
        RecordPriceObservation before = awaitObservation(feedId, "chainlink", "2");
        awaitPasses(3);
        assertThat(observations(feedId)).hasSize(1); // the latest round only, once

        poller.restart(); // what a process restart does: the rounds sent are forgotten

        List<RecordPriceObservation> copies = kit.await(
                COMMANDS,
                feedId,
                RecordPriceObservation.class,
                o -> o.getRoundId().equals("2"),
                2);
        RecordPriceObservation again = copies.get(1);
        assertThat(again.getMetadata().getCommandId())
                .isEqualTo(before.getMetadata().getCommandId());
        assertThat(again.getPriceE8()).isEqualTo(before.getPriceE8());
        assertThat(again.getObservedAt()).isEqualTo(before.getObservedAt());
        awaitPasses(3);
        assertThat(observations(feedId)).hasSize(2);
    }

    @Test
    void a_disabled_source_is_not_read_until_it_is_registered_again() throws Exception {
        ServiceConformance.awaitReady();
        String feedId = newFeedId();
        TestPriceFeed feed = kit.deployPriceFeed(deployer, 8, "USDC / USD", BigInteger.valueOf(100_000_000));
        // a signed reporter is no on-chain source
        kit.send(
                EVENTS,
                feedId,
                registered(feedId, "reporter", SourceKind.SIGNED_REPORTER, null, 8)
                        .setSigner(account(7).getAddress())
                        .build());
        register(feedId, "chainlink", feed.getContractAddress(), 8);
        awaitObservation(feedId, "chainlink", "1");
        assertThat(sources.source(feedId, "reporter")).isEmpty();
        assertThat(sources.source(feedId, "chainlink")).hasValueSatisfying(source -> {
            assertThat(source.enabled()).isTrue();
            assertThat(source.decimals()).isEqualTo(8);
            assertThat(source.aggregator()).isEqualTo(feed.getContractAddress().toLowerCase(Locale.ROOT));
        });

        kit.send(
                EVENTS,
                feedId,
                FeedSourceDisabled.newBuilder()
                        .setMetadata(KafkaTestKit.event(feedId, VERSIONS.incrementAndGet(), "oracle-service"))
                        .setFeedId(feedId)
                        .setSourceId("chainlink")
                        .setReason("test")
                        .setSourceCount(0)
                        .build());
        awaitTrue(
                "the source disabled in the view",
                () -> sources.source(feedId, "chainlink")
                        .map(source -> !source.enabled())
                        .orElse(false));
        feed.updateAnswer(BigInteger.valueOf(97_000_000)).send();
        awaitPasses(3);
        assertThat(observations(feedId))
                .extracting(RecordPriceObservation::getRoundId)
                .containsExactly("1");

        register(feedId, "chainlink", feed.getContractAddress(), 8);
        assertThat(awaitObservation(feedId, "chainlink", "2").getPriceE8()).isEqualTo(97_000_000L);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static FeedSourceRegistered.Builder registered(
            String feedId, String sourceId, SourceKind kind, String aggregator, int decimals) {
        return FeedSourceRegistered.newBuilder()
                .setMetadata(KafkaTestKit.event(feedId, VERSIONS.incrementAndGet(), "oracle-service"))
                .setFeedId(feedId)
                .setSourceId(sourceId)
                .setName(sourceId)
                .setSigner(null)
                .setSourceCount(1)
                .setSourceKind(kind)
                .setAggregator(aggregator)
                .setHeartbeatMs(3_600_000)
                .setDecimals(decimals)
                .setMinPriceE8(0)
                .setMaxPriceE8(0);
    }

    /** A FeedSourceRegistered of an aggregator, as oracle-service publishes it, on the test's events topic. */
    private static void register(String feedId, String sourceId, String aggregator, int decimals) {
        SpecificRecord event = registered(feedId, sourceId, SourceKind.CHAINLINK_AGGREGATOR, aggregator, decimals)
                .build();
        kit.send(EVENTS, feedId, event);
    }

    private static RecordPriceObservation awaitObservation(String feedId, String sourceId, String roundId) {
        return kit.await(
                        COMMANDS,
                        feedId,
                        RecordPriceObservation.class,
                        o -> o.getSourceId().equals(sourceId) && roundId.equals(o.getRoundId()),
                        1)
                .get(0);
    }

    /** Every observation of the feed on the commands topic now. */
    private static List<RecordPriceObservation> observations(String feedId) {
        return kit.readAll(
                COMMANDS, RecordPriceObservation.class, o -> o.getFeedId().equals(feedId));
    }

    /** Waits until the poller has completed {@code count} more passes: every enabled source read that often. */
    private void awaitPasses(int count) {
        long from = poller.passes();
        awaitTrue(count + " more price feed passes", () -> poller.passes() >= from + count);
    }

    private static Instant updatedAt(TestPriceFeed feed) throws Exception {
        return Instant.ofEpochSecond(feed.latestRoundData().send().component4().longValueExact());
    }
}

package io.coverclaims.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.example.PricedProduct;
import io.coverclaims.platform.streams.AggregateType;
import org.junit.jupiter.api.Test;

class WireRoundTripTest {

    @Test
    void every_command_and_event_of_an_aggregate_is_found_and_round_tripped() {
        assertThat(WireRoundTrip.assertRoundTrips(PricedProduct.TYPE)).isEqualTo(4);
    }

    sealed interface Command permits UpdateProductPricing {}

    /** A record that swaps two fields of the same type on the way in: the bug a hand-written mapping makes. */
    record UpdateProductPricing(String productId, int floorRateBps, int ceilingRateBps, Integer minAnnualRateBps)
            implements Command {
        UpdateProductPricing {
            int swapped = floorRateBps;
            floorRateBps = ceilingRateBps;
            ceilingRateBps = swapped;
        }
    }

    sealed interface Event permits ProductRetired {}

    record ProductRetired(String productId, String reason) implements Event {}

    @Test
    void a_swapped_field_fails_the_round_trip_naming_the_record() {
        Decider<Command, Event, String> decider = Decider.of("", (c, s) -> Decision.nothingToDo(), (s, e) -> s);
        AggregateType<Command, Event, String> swapping = AggregateType.of(
                        "swapping", decider, Command.class, Event.class, "io.coverclaims.schemas.policy")
                .build();

        assertThatThrownBy(() -> WireRoundTrip.assertRoundTrips(swapping))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("UpdateProductPricing did not survive its wire record");
    }
}

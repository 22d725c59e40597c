package io.coverclaims.oracle.domain.feed;

import static io.coverclaims.oracle.domain.feed.FeedFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coverclaims.oracle.domain.feed.FeedCommand.ConfirmIncident;
import io.coverclaims.oracle.domain.feed.FeedCommand.DisableFeedSource;
import io.coverclaims.oracle.domain.feed.FeedCommand.RetireTrigger;
import io.coverclaims.oracle.domain.feed.FeedCommand.SetFeedQuorum;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decider as a whole: what a feed that was never defined answers, and histories that replay. */
class FeedDeciderTest {

    @Test
    void every_command_on_a_feed_never_defined_is_refused_as_an_unknown_feed() {
        List<FeedCommand> commands = List.of(
                new SetFeedQuorum(FEED, 2, DEVIATION, STALENESS, T0),
                registerSource(1),
                new DisableFeedSource(FEED, source(1), "?", T0),
                observe(1, ONE, T0),
                report(1, "inc-x", null, T0),
                new ConfirmIncident(INCIDENTS, "inc-x", null, null, T0, "", "", "operator-1", T0),
                defineDepeg(),
                evaluateTrigger(T0),
                new RetireTrigger(TRIGGER, "?", FEED, T0));
        for (FeedCommand command : commands) {
            fixture().given().when(command).thenRejected("FEED_NOT_FOUND", "feedId");
        }
        // every command type but DefineFeed is listed
        assertThat(commands.stream().map(Object::getClass).distinct())
                .hasSize(FeedCommand.class.getPermittedSubclasses().length - 1);
    }

    @Test
    void an_event_before_the_feed_was_defined_is_a_broken_history() {
        assertThatThrownBy(() -> FeedDecider.DECIDER.replay(List.of(sourceRegistered(1, 1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before the feed was defined");
    }

    @Test
    void the_decided_events_of_a_feeds_life_replay_to_the_state_they_were_decided_on() {
        Story story = Story.of(plus(priceFeed(3, 2), depegDefined()))
                .ticked(3, ONE, T0)
                .ticked(3, 99_000_000, at(10 * MINUTE))
                .ticked(3, 99_000_000, at(100 * MINUTE));
        story.decide(evaluateTrigger(at(130 * MINUTE)));
        assertThat(FeedDecider.DECIDER.replay(story.history())).isEqualTo(story.state());
        assertThat(triggerEvents(story.history())).hasSize(2);
    }
}

package io.coverclaims.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coverclaims.platform.money.Money;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StateCodecTest {

    sealed interface Phase {}

    record Empty() implements Phase {}

    sealed interface Live extends Phase {}

    enum Colour {
        RED,
        BLUE
    }

    record Key(String owner, int slot) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byOwner = owner.compareTo(other.owner);
            return byOwner != 0 ? byOwner : Integer.compare(slot, other.slot);
        }
    }

    record Open(
            String name,
            Money balance,
            long version,
            Instant openedAt,
            Duration cooldown,
            Colour colour,
            List<String> notes,
            Set<String> seen,
            Map<Key, Money> byKey,
            SortedMap<Key, Money> sorted,
            Optional<String> memo,
            String nothing,
            Phase previous)
            implements Live {}

    record Closed(Instant closedAt) implements Live {}

    record Other(String name) {}

    record WithObject(Object anything) {}

    interface NotSealed {}

    record WithOpenInterface(NotSealed value) {}

    private static Open sample(Map<Key, Money> byKey, Set<String> seen) {
        SortedMap<Key, Money> sorted = new TreeMap<>(byKey);
        return new Open(
                "pool \"ä\" ✓",
                Money.of(Money.MAX_VALUE),
                Long.MAX_VALUE,
                Instant.parse("2026-12-01T10:15:30.123456789Z"),
                Duration.ofDays(7),
                Colour.BLUE,
                List.of("b", "a", "b"),
                seen,
                byKey,
                sorted,
                Optional.of("memo"),
                null,
                new Closed(Instant.EPOCH));
    }

    @Test
    void every_kind_of_component_survives_the_round_trip_exactly() {
        Map<Key, Money> byKey = new HashMap<>();
        byKey.put(new Key("0xb", 2), Money.of(BigInteger.TWO.pow(200)));
        byKey.put(new Key("0xa", 1), Money.ZERO);
        Open state = sample(byKey, Set.of("x", "y"));
        StateCodec<Phase> codec = StateCodec.of(Phase.class);

        Phase restored = codec.decode(codec.encode(state));

        assertThat(restored).isEqualTo(state);
        assertThat(((Open) restored).sorted()).isInstanceOf(SortedMap.class);
        assertThat(codec.decode(codec.encode(new Empty()))).isEqualTo(new Empty());
    }

    @Test
    void equal_states_hash_equal_however_their_sets_and_maps_were_built() {
        Map<Key, Money> one = new LinkedHashMap<>();
        one.put(new Key("0xa", 1), Money.of(1));
        one.put(new Key("0xb", 2), Money.of(2));
        Map<Key, Money> other = new LinkedHashMap<>();
        other.put(new Key("0xb", 2), Money.of(2));
        other.put(new Key("0xa", 1), Money.of(1));
        Set<String> seenOne = new LinkedHashSet<>(List.of("p", "q"));
        Set<String> seenOther = new LinkedHashSet<>(List.of("q", "p"));
        StateCodec<Phase> codec = StateCodec.of(Phase.class);

        assertThat(codec.hash(sample(one, seenOne))).isEqualTo(codec.hash(sample(other, seenOther)));
        assertThat(codec.hash(sample(one, seenOne))).isNotEqualTo(codec.hash(sample(one, Set.of("p"))));
    }

    @Test
    void the_shape_changes_with_the_structure_and_not_otherwise() {
        assertThat(StateCodec.of(Phase.class).shape())
                .isEqualTo(StateCodec.of(Phase.class).shape())
                .hasSize(16)
                .isNotEqualTo(StateCodec.of(Live.class).shape())
                .isNotEqualTo(StateCodec.of(Other.class).shape());
    }

    @Test
    void a_state_type_the_codec_cannot_represent_fails_when_the_codec_is_made_naming_where() {
        assertThatThrownBy(() -> StateCodec.of(WithObject.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WithObject.anything")
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> StateCodec.of(WithOpenInterface.class))
                .hasMessageContaining("WithOpenInterface.value");
    }

    @Test
    void the_readable_json_names_components_and_phases() {
        String json = StateCodec.of(Phase.class).json(new Closed(Instant.EPOCH));
        assertThat(json).contains("\"@phase\" : \"Closed\"").contains("\"closedAt\" : \"1970-01-01T00:00:00Z\"");
    }

    @Test
    void the_state_type_of_an_initial_state_is_its_outermost_sealed_interface() {
        assertThat(StateCodec.forStateOf((Phase) new Closed(Instant.EPOCH)).type())
                .isEqualTo(Phase.class);
        assertThat(StateCodec.forStateOf(new Other("x")).type()).isEqualTo(Other.class);
    }
}
